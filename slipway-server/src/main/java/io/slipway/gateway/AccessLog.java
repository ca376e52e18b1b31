package io.slipway.gateway;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
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
 * record (no formatting, no strings built) into a bounded lock-free queue; a writer thread formats
 * it straight into bytes and writes in batches every 20 ms and rotates by size ({@code access.log.1} … {@code .keep}). When the queue is full
 * (the disk cannot keep up) entries are dropped and counted rather than slowing the proxy.
 */
public final class AccessLog implements AutoCloseable {
    /** Logs nothing. */
    public static final AccessLog NONE = new AccessLog();
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final int CAPACITY = 65_536;
    /**
     * How often the writer wakes: often enough that each batch is short (a 100 ms batch at 45k
     * requests/s took the writer's core away for long enough to double the proxy's p99).
     */
    private static final long DRAIN_MILLIS = 20;

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Queue<Entry> queue;
    private final ScheduledExecutorService writer;
    private final LongAdder dropped = new LongAdder();
    private OutputStream out;
    private long size;
    /** Reused by the writer thread for every line. */
    private final Line line = new Line();

    /** What is known about a request when its response is complete. */
    record Entry(long epochMillis, String app, String requestId, String client, String method, String uri,
                 String version, Upstream upstream, int status, long micros) {
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
        writer = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-access-log", true));
        writer.scheduleWithFixedDelay(this::drain, DRAIN_MILLIS, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
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
                line.reset();
                line.json(e);
                line.writeTo(out);
                size += line.size();
                if (size >= maxBytes) {
                    out.flush();
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
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), 64 * 1024);
        size = Files.size(file);
    }

    static String json(Entry e) {
        Line b = new Line();
        b.json(e);
        return new String(b.buf, 0, b.len, StandardCharsets.UTF_8);
    }

    /**
     * One line being formatted, straight into bytes: ASCII is copied as is, everything else
     * escaped or UTF-8 encoded; the time's "yyyy-MM-ddTHH:mm:ss" is formatted once per second.
     * Keeps the writer thread's share of the two cores small (docs/performance.md).
     */
    private static final class Line {
        private byte[] buf = new byte[512];
        private int len;
        private long second = Long.MIN_VALUE;
        private byte[] secondText;

        void reset() {
            len = 0;
        }

        int size() {
            return len;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(buf, 0, len);
        }

        void json(Entry e) {
            ascii("{\"time\":\"");
            time(e.epochMillis());
            ascii("\",");
            field("app", e.app()).put(',');
            field("requestId", e.requestId()).put(',');
            field("client", e.client()).put(',');
            field("method", e.method()).put(',');
            field("uri", e.uri()).put(',');
            field("version", e.version()).put(',');
            field("upstream", e.upstream() == null ? null : e.upstream().toString()).put(',');
            ascii("\"status\":");
            number(e.status());
            ascii(",\"durationMs\":");
            number(e.micros() / 1000);
            put('.');
            long fraction = e.micros() % 1000;
            put((byte) ('0' + fraction / 100));
            put((byte) ('0' + fraction / 10 % 10));
            put((byte) ('0' + fraction % 10));
            ascii("}\n");
        }

        private void time(long epochMillis) {
            long sec = Math.floorDiv(epochMillis, 1000);
            if (sec != second) {
                second = sec;
                // "2023-11-14T22:13:20Z" for a whole second: keep the part before the Z
                String text = Instant.ofEpochSecond(sec).toString();
                secondText = text.substring(0, text.length() - 1).getBytes(StandardCharsets.US_ASCII);
            }
            for (byte b : secondText) {
                put(b);
            }
            long millis = Math.floorMod(epochMillis, 1000);
            put('.');
            put((byte) ('0' + millis / 100));
            put((byte) ('0' + millis / 10 % 10));
            put((byte) ('0' + millis % 10));
            put('Z');
        }

        private Line field(String name, String value) {
            put('"');
            ascii(name);
            ascii("\":");
            if (value == null) {
                ascii("null");
                return this;
            }
            put('"');
            int n = value.length();
            reserve(n * 6 + 1);
            int i = 0;
            // the usual value (an id, an address, a path): printable ASCII copied without checks
            while (i < n) {
                char c = value.charAt(i);
                if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                    break;
                }
                buf[len++] = (byte) c;
                i++;
            }
            for (; i < n; i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> ascii("\\\"");
                    case '\\' -> ascii("\\\\");
                    case '\n' -> ascii("\\n");
                    case '\r' -> ascii("\\r");
                    case '\t' -> ascii("\\t");
                    default -> {
                        if (c < 0x20) {
                            ascii("\\u00");
                            put((byte) Character.forDigit(c >> 4, 16));
                            put((byte) Character.forDigit(c & 15, 16));
                        } else if (c < 0x80) {
                            put((byte) c);
                        } else if (Character.isSurrogate(c) && i + 1 < value.length()) {
                            utf8(value.substring(i, i + 2));
                            i++;
                        } else {
                            utf8(String.valueOf(c));
                        }
                    }
                }
            }
            put('"');
            return this;
        }

        private void utf8(String s) {
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                put(b);
            }
        }

        private void number(long n) {
            if (n < 0) {
                put('-');
                n = -n;
            }
            if (n >= 10) {
                number(n / 10);
            }
            put((byte) ('0' + n % 10));
        }

        private void ascii(String s) {
            reserve(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len++] = (byte) s.charAt(i);
            }
        }

        private void reserve(int more) {
            if (len + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        private Line put(char c) {
            return put((byte) c);
        }

        private Line put(byte b) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = b;
            return this;
        }
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
