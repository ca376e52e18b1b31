package io.slipway.gateway;

import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One JSON line per proxied request ({@code access.log}). The event loop only enqueues a small
 * record into a bounded lock-free queue; a writer thread formats and writes in batches every
 * 100 ms and rotates by size ({@code access.log.1} … {@code .keep}). When the queue is full
 * (the disk cannot keep up) entries are dropped and counted rather than slowing the proxy.
 */
public final class AccessLog implements AutoCloseable {
    /** Logs nothing. */
    public static final AccessLog NONE = new AccessLog();
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int CAPACITY = 65_536;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Queue<Entry> queue;
    private final ScheduledExecutorService writer;
    private final LongAdder dropped = new LongAdder();
    private Writer out;
    private long size;
    /** Reused by the writer thread for every line. */
    private final StringBuilder line = new StringBuilder(512);

    /** What is known about a request when its response is complete. */
    record Entry(long epochMillis, String app, String requestId, String client, String method, String uri,
                 String version, String upstream, int status, long micros) {
    }

    private AccessLog() {
        file = null;
        maxBytes = 0;
        keep = 0;
        queue = null;
        writer = null;
    }

    private AccessLog(Path file, long maxBytes, int keep) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.queue = PlatformDependent.newFixedMpscQueue(CAPACITY);
        Files.createDirectories(file.toAbsolutePath().getParent());
        reopen();
        writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slipway-access-log");
            t.setDaemon(true);
            return t;
        });
        writer.scheduleWithFixedDelay(this::drain, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** An access log appending to {@code file}, rotated at {@code maxBytes}, {@code keep} old files kept. */
    public static AccessLog open(Path file, long maxBytes, int keep) throws IOException {
        return new AccessLog(file, maxBytes, keep);
    }

    boolean enabled() {
        return queue != null;
    }

    void record(Entry entry) {
        if (queue != null && !queue.offer(entry)) {
            dropped.increment();
        }
    }

    long dropped() {
        return dropped.sum();
    }

    private synchronized void drain() {
        try {
            for (Entry e = queue.poll(); e != null; e = queue.poll()) {
                line.setLength(0);
                json(line, e);
                out.append(line);
                size += line.length();
                if (size >= maxBytes) {
                    rotate();
                }
            }
            out.flush();
        } catch (IOException e) {
            log.warn("event=access-log-write-failed file={} error=\"{}\"", file, e.getMessage());
        }
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path older = Path.of(file + "." + i);
            if (Files.exists(older)) {
                Files.move(older, Path.of(file + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, Path.of(file + ".1"), StandardCopyOption.REPLACE_EXISTING);
        reopen();
    }

    private void reopen() throws IOException {
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    static String json(Entry e) {
        StringBuilder b = new StringBuilder(256);
        json(b, e);
        return b.toString();
    }

    private static void json(StringBuilder b, Entry e) {
        b.append('{');
        field(b, "time", Instant.ofEpochMilli(e.epochMillis()).toString()).append(',');
        field(b, "app", e.app()).append(',');
        field(b, "requestId", e.requestId()).append(',');
        field(b, "client", e.client()).append(',');
        field(b, "method", e.method()).append(',');
        field(b, "uri", e.uri()).append(',');
        field(b, "version", e.version()).append(',');
        field(b, "upstream", e.upstream()).append(',');
        b.append("\"status\":").append(e.status()).append(',');
        long fraction = e.micros() % 1000;
        b.append("\"durationMs\":").append(e.micros() / 1000).append('.')
                .append(fraction < 100 ? (fraction < 10 ? "00" : "0") : "").append(fraction);
        b.append("}\n");
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** Writes what is queued and closes the file. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
        try {
            out.close();
        } catch (IOException e) {
            log.warn("event=access-log-close-failed file={} error=\"{}\"", file, e.getMessage());
        }
    }
}
