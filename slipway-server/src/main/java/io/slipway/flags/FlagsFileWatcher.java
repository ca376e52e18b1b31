package io.slipway.flags;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the flags in step with a flags.yaml: applies it when started, then whenever its content changes,
 * on its own daemon thread until {@link #close()}. An invalid or missing file changes nothing: the last
 * good state stays in force, and {@link #status()} (and an ERROR log line) says why.
 *
 * <p>It watches the file's directory rather than the file, because editors and GitOps tools replace a
 * file by renaming another over it (and Kubernetes swaps a {@code ..data} symlink), which a watch on the
 * file itself would miss. Every event is checked against the content's hash, so a save that changes
 * nothing does nothing, and the file is also re-read every {@link #RECHECK} in case events are lost.
 */
public final class FlagsFileWatcher implements AutoCloseable {
    /** Editors write in steps (truncate, write, rename): the directory must be quiet this long first. */
    static final Duration QUIET = Duration.ofMillis(200);
    static final Duration RECHECK = Duration.ofSeconds(30);
    private static final int MAX_SETTLE_ROUNDS = 10;
    private static final Logger log = LoggerFactory.getLogger(FlagsFileWatcher.class);

    private final Path file;
    private final Flags flags;
    private final WatchService watch;
    private final Thread thread;
    /** Only the loading thread writes it; the first load happens before that thread starts. */
    private String seen;
    /** Set by the first load, before {@link #start} returns. */
    private volatile Outcome outcome;

    private record Outcome(FlagsFileStatus.State state, String error) {
    }

    private FlagsFileWatcher(Path file, Flags flags, WatchService watch) {
        this.file = file.toAbsolutePath().normalize();
        this.flags = flags;
        this.watch = watch;
        this.thread = new Thread(this::run, "slipway-flags-file " + this.file);
        this.thread.setDaemon(true);
    }

    /**
     * Applies {@code file} now, then watches it.
     *
     * @throws UncheckedIOException when no watch service can be had (the platform's, not the file's fault)
     */
    public static FlagsFileWatcher start(Path file, Flags flags) {
        FlagsFileWatcher watcher;
        try {
            watcher = new FlagsFileWatcher(file, flags, FileSystems.getDefault().newWatchService());
        } catch (IOException e) {
            throw new UncheckedIOException("flags.file: cannot watch " + file + ": " + e.getMessage(), e);
        }
        watcher.register();
        watcher.load();
        watcher.thread.start();
        return watcher;
    }

    /** The file's state, with the flags in the store it does not declare, read now. */
    public FlagsFileStatus status() {
        Outcome now = outcome;
        AppliedFile applied = flags.appliedFile().orElse(AppliedFile.NONE);
        List<String> notInFile = flags.list().stream().map(Flag::key)
                .filter(k -> !applied.flags().containsKey(k)).toList();
        return new FlagsFileStatus(file.toString(), now.state(), now.error(), applied.appliedAt(), applied.hash(),
                List.copyOf(applied.flags().keySet()), notInFile);
    }

    /** True when the file's current content is in force. */
    public boolean valid() {
        return outcome.state() == FlagsFileStatus.State.OK;
    }

    /** Stops watching; waits for an apply under way to finish, so the store can be closed after. */
    @Override
    public void close() {
        try {
            watch.close();
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (IOException e) {
            log.warn("event=flags-file-watch-close-failed path={} error=\"{}\"", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register() {
        try {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            log.error("event=flags-file-unwatchable path={} error=\"{}\" recheck={}s", file, e,
                    RECHECK.toSeconds());
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.poll(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null || concernsFile(key)) {
                    settle();
                    load();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("event=flags-file-watch-stopped path={}", file);
        }
    }

    /** Events for the file, or for a Kubernetes-style {@code ..data} swap; consumed either way. */
    private boolean concernsFile(WatchKey key) {
        boolean concerns = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            String name = String.valueOf(event.context());
            concerns |= event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(file.getFileName().toString())
                    || name.startsWith("..");
        }
        key.reset();
        return concerns;
    }

    /** Waits until the directory has been quiet for {@link #QUIET}, a bounded number of times. */
    private void settle() throws InterruptedException {
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            WatchKey more = watch.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
            if (more == null) {
                return;
            }
            more.pollEvents();
            more.reset();
        }
    }

    /** Reads the file and applies it if its content changed since it was last read. */
    private void load() {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            missing();
            return;
        } catch (IOException e) {
            refused(null, file + ": cannot be read: " + e);
            return;
        }
        String hash = FlagsFile.sha256(text);
        if (!hash.equals(seen)) {
            seen = hash;
            apply(text, hash);
        }
    }

    private void apply(String text, String hash) {
        FlagsFile parsed = parse(text, hash);
        if (parsed == null) {
            return;
        }
        try {
            List<FlagChange> changes = flags.applyFile(parsed, parsed.actor());
            outcome = new Outcome(FlagsFileStatus.State.OK, null);
            log.info("event=flags-file-applied path={} sha256={} flags={} segments={} changes={}", file,
                    hash.substring(0, 12), parsed.flags().size(), parsed.segments().size(), changes.size());
        } catch (FlagsFileException e) {
            // Refused by the rest of the state (a segment or parent flag missing), which may change:
            // tried again at the next recheck, not only at the next edit.
            seen = null;
            refused(hash, e.getMessage());
        } catch (RuntimeException e) { // the store failing, say: tried again at the next event or recheck
            seen = null;
            log.error("event=flags-file-apply-failed path={}", file, e);
            refused(hash, file + ": could not be applied: " + e);
        }
    }

    /** The file read, or null when it is refused (reported). */
    private FlagsFile parse(String text, String hash) {
        try {
            return FlagsFile.parse(text, file.toString());
        } catch (FlagsFileException e) {
            refused(hash, e.getMessage());
            return null;
        }
    }

    /** Logged once per distinct error, not at every recheck that finds it again. */
    private void refused(String hash, String error) {
        boolean news = outcome == null || !error.equals(outcome.error());
        outcome = new Outcome(FlagsFileStatus.State.INVALID, error);
        if (news) {
            log.error("event=flags-file-invalid path={} sha256={} kept=last-good error=\"{}\"", file,
                    hash == null ? "-" : hash.substring(0, 12), error.replace("\n", " | "));
        }
    }

    private void missing() {
        if (outcome == null || outcome.state() != FlagsFileStatus.State.MISSING) {
            log.warn("event=flags-file-missing path={} kept=store-state", file);
        }
        seen = null;
        outcome = new Outcome(FlagsFileStatus.State.MISSING, file + " does not exist");
    }
}
