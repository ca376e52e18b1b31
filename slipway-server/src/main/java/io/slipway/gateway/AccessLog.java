package io.slipway.gateway;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * One JSON line per request ({@code access.log}), as nginx writes its access log: each event
 * loop formats its lines into a 64 KB chunk of its own while the request's strings are still in
 * its cache, and a writer thread only writes full chunks to the file (and rotates it by size:
 * {@code access.log.1} … {@code .keep}). A chunk goes to the writer when full, or after at most
 * {@link #FLUSH_MILLIS} on a quiet gateway. The event loop never touches the file.
 *
 * <p>An earlier version queued a record per request for the writer thread to format in 20 ms
 * batches, about 0.7 µs of CPU per line; this way a line costs about 0.25 µs on the loop and
 * 0.25 µs on the writer, most of that the kernel's write into the page cache
 * (docs/performance.md, session 11).
 *
 * <p>When {@link #MAX_CHUNKS} chunks (4 MB) wait for a disk that cannot keep up, lines are
 * dropped and counted rather than slowing the proxy.
 */
public final class AccessLog implements AutoCloseable {
    /** Logs nothing. */
    public static final AccessLog NONE = new AccessLog();
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    static final int CHUNK_BYTES = 64 * 1024;
    private static final int MAX_CHUNKS = 64;
    /**
     * How often the writer looks for chunks. It is not woken per chunk: that woke it on the event
     * loop's core from inside the loop, which then waited for the write (seen in profiles as
     * context switches under {@code AccessLog.record}). At 10 ms and 45k requests/s about 100 KB wait.
     */
    private static final long WRITER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long a line may wait in a partly filled chunk. */
    static final long FLUSH_MILLIS = 200;
    /** Tells the writer to stop. */
    private static final Chunk END = new Chunk(0);

    private final Path file;
    private final long maxBytes;
    private final int keep;
    /** Chunks for the writer, which looks every {@link #WRITER_NANOS}: handing one over wakes no thread. */
    private final ConcurrentLinkedQueue<Chunk> full = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Chunk> spare = new ConcurrentLinkedQueue<>();
    private final AtomicInteger chunks = new AtomicInteger();
    private final FastThreadLocal<Local> local = new FastThreadLocal<>();
    private final List<Local> locals = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    private volatile boolean closed;
    /** Refreshed by the writer at least every {@link #WRITER_NANOS}, so the loops need no clock call of their own. */
    private volatile Clock clock = Clock.now();
    /** Touched by the writer thread only (and by {@link #close()} after it ended). */
    private FileChannel out;
    private long size;
    private boolean failing;

    /** What is known about a request when its response is complete. */
    record Entry(long epochMillis, String app, String requestId, String client, String method, String uri,
                 String slot, String version, Upstream upstream, int status, long micros) {
    }

    private AccessLog() {
        file = null;
        maxBytes = 0;
        keep = 0;
        writer = null;
    }

    private AccessLog(Path file, long maxBytes, int keep) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Files.createDirectories(file.toAbsolutePath().getParent());
        reopen();
        writer = new DefaultThreadFactory("slipway-access-log", true).newThread(this::write);
        writer.start();
    }

    /** An access log appending to {@code file}, rotated at {@code maxBytes}, {@code keep} old files kept. */
    public static AccessLog open(Path file, long maxBytes, int keep) throws IOException {
        return new AccessLog(file, maxBytes, keep);
    }

    boolean enabled() {
        return writer != null;
    }

    /** Formats {@code entry} into this thread's chunk; call on {@code loop}, the connection's event loop. */
    void record(EventExecutor loop, Entry entry) {
        if (writer == null) {
            return;
        }
        assert loop.inEventLoop() : "record on the connection's event loop";
        Local l = local.get();
        if (l == null) {
            l = new Local(loop);
            local.set(l);
        }
        l.append(entry);
    }

    /**
     * The wall-clock time at {@code nanoTime} (a {@link System#nanoTime()} the caller took anyway),
     * from a reading of both clocks at most about {@link #WRITER_NANOS} old: a step of the wall clock
     * shows in the log that much later.
     */
    long epochMillis(long nanoTime) {
        Clock c = clock;
        return c.epochMillis() + Math.floorDiv(nanoTime - c.nanoTime(), 1_000_000);
    }

    /** Lines not written: the writer was too far behind, the file could not be written, or the log was closed. */
    long dropped() {
        return dropped.sum();
    }

    static String json(Entry e) {
        Line line = new Line();
        line.format(e);
        return new String(line.buf, 0, line.len, StandardCharsets.UTF_8);
    }

    /** Lines formatted but not yet written, in direct memory so the writer's write() copies nothing first. */
    private static final class Chunk {
        final ByteBuffer bytes;
        int lines;

        Chunk(int capacity) {
            bytes = ByteBuffer.allocateDirect(capacity);
        }
    }

    /** The wall clock at a moment of {@link System#nanoTime()}. */
    private record Clock(long epochMillis, long nanoTime) {
        static Clock now() {
            return new Clock(System.currentTimeMillis(), System.nanoTime());
        }
    }

    /** One event loop's formatter and chunk; used on that loop only. */
    private final class Local {
        final EventExecutor loop;
        final Line line = new Line();
        final ScheduledFuture<?> flushes;
        Chunk chunk;

        Local(EventExecutor loop) {
            this.loop = loop;
            flushes = loop.scheduleAtFixedRate(this::handOff, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            locals.add(this);
        }

        void append(Entry e) {
            if (closed) {
                dropped.increment();
                return;
            }
            line.format(e);
            int n = line.len;
            if (chunk != null && chunk.bytes.remaining() < n) {
                handOff();
            }
            if (chunk == null && (chunk = take(n)) == null) {
                dropped.increment();
                return;
            }
            chunk.bytes.put(line.buf, 0, n);
            chunk.lines++;
        }

        void handOff() {
            if (chunk != null && chunk.bytes.position() > 0) {
                full.add(chunk);
                chunk = null;
            }
        }
    }

    /** An empty chunk for a line of {@code n} bytes: a spare one, a new one, or null when too many wait. */
    private Chunk take(int n) {
        if (n > CHUNK_BYTES) {
            return new Chunk(n); // a line longer than a chunk (a URI of tens of KB): its own, used once
        }
        Chunk c = spare.poll();
        if (c == null && chunks.get() < MAX_CHUNKS && chunks.incrementAndGet() <= MAX_CHUNKS) {
            c = new Chunk(CHUNK_BYTES);
        }
        return c;
    }

    /** The writer thread: writes chunks as they come, until {@link #END}. */
    private void write() {
        for (Chunk c = next(); c != END; c = next()) {
            write(c.bytes.flip(), c.lines);
            c.bytes.clear();
            c.lines = 0;
            if (c.bytes.capacity() == CHUNK_BYTES) {
                spare.add(c);
            }
        }
    }

    /** The next chunk to write, waiting for one as long as it takes; keeps {@link #clock} current. */
    private Chunk next() {
        Chunk c;
        clock = Clock.now();
        while ((c = full.poll()) == null) {
            LockSupport.parkNanos(this, WRITER_NANOS);
            clock = Clock.now();
        }
        return c;
    }

    /** Writes the {@code lines} in {@code b}, rotating after the line that takes the file to {@code maxBytes}. */
    private void write(ByteBuffer b, int lines) {
        try {
            int end = b.limit();
            while (b.position() < end) {
                int to = end;
                if (size + (to - b.position()) >= maxBytes) {
                    to = lineEnd(b, b.position() + (int) Math.max(0, maxBytes - size - 1));
                }
                b.limit(to);
                size += to - b.position();
                while (b.hasRemaining()) {
                    out.write(b);
                }
                b.limit(end);
                if (size >= maxBytes) {
                    rotate();
                }
            }
            if (failing) {
                failing = false;
                log.info("event=access-log-writing-again file={} dropped={}", file, dropped.sum());
            }
        } catch (IOException e) {
            dropped.add(lines);
            if (!failing) {
                failing = true;
                log.warn("event=access-log-write-failed file={} error=\"{}\" (lines are dropped until a write succeeds)",
                        file, e.getMessage());
            }
        }
    }

    /** The index after the line that holds byte {@code at} of {@code b}. */
    private static int lineEnd(ByteBuffer b, int at) {
        for (int i = at; i < b.limit(); i++) {
            if (b.get(i) == '\n') {
                return i + 1;
            }
        }
        return b.limit();
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
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = out.size();
    }

    /**
     * One line being formatted, straight into bytes: ASCII is copied as is, everything else
     * escaped or UTF-8 encoded. What repeats from line to line (app, client, method, slot, version,
     * upstream, the time's "yyyy-MM-ddTHH:mm:ss") is formatted once and copied while it stays the
     * same; only the request id and the URI are formatted for every line.
     */
    static final class Line {
        private static final byte[] TIME = ascii("{\"time\":\"");
        private static final byte[] REQUEST_ID = ascii(",\"requestId\":");
        private static final byte[] URI = ascii(",\"uri\":");
        private static final byte[] STATUS = ascii(",\"status\":");
        private static final byte[] DURATION = ascii(",\"durationMs\":");
        private static final byte[] NULL = ascii("null");
        /** Bytes besides the strings' own, and then some: names, punctuation, time, numbers. */
        private static final int FIXED = 256;

        byte[] buf = new byte[1024];
        int len;
        private long second = Long.MIN_VALUE;
        private byte[] secondText;
        private final Field app = new Field(",\"app\":");
        private final Field client = new Field(",\"client\":");
        private final Field method = new Field(",\"method\":");
        private final Field slot = new Field(",\"slot\":");
        private final Field version = new Field(",\"version\":");
        private final Field upstream = new Field(",\"upstream\":");
        private Upstream lastUpstream;
        /** Where a field's new value is formatted (a client's address changes from line to line). */
        private Line scratch;

        /** A field whose value is mostly the one of the line before: its formatted bytes, kept. */
        private static final class Field {
            final byte[] name;
            String value;
            byte[] text;

            Field(String name) {
                this.name = ascii(name);
            }

            /** {@code ,"name":"v"} in bytes, formatted with {@code scratch} when {@code v} changed. */
            byte[] text(String v, Line scratch) {
                if (text == null || v != value && (v == null || !v.equals(value))) {
                    value = v;
                    int most = name.length + FIXED + 6 * length(v);
                    if (scratch.buf.length < most) {
                        scratch.buf = new byte[most];
                    }
                    scratch.len = 0;
                    scratch.bytes(name);
                    scratch.string(v);
                    text = java.util.Arrays.copyOf(scratch.buf, scratch.len);
                }
                return text;
            }
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        void format(Entry e) {
            // at most 6 bytes per char (\u0000), so no write below needs a bounds check of its own
            int most = FIXED + 6 * (length(e.requestId()) + length(e.uri()));
            if (scratch == null) {
                scratch = new Line();
            }
            byte[] appText = app.text(e.app(), scratch);
            byte[] clientText = client.text(e.client(), scratch);
            byte[] methodText = method.text(e.method(), scratch);
            byte[] slotText = slot.text(e.slot(), scratch);
            byte[] versionText = version.text(e.version(), scratch);
            if (e.upstream() != lastUpstream || upstream.text == null) {
                lastUpstream = e.upstream();
                upstream.text(e.upstream() == null ? null : e.upstream().toString(), scratch);
            }
            byte[] upstreamText = upstream.text;
            most += appText.length + clientText.length + methodText.length + slotText.length + versionText.length
                    + upstreamText.length;
            if (buf.length < most) {
                buf = new byte[Math.max(most, buf.length * 2)];
            }
            len = 0;
            bytes(TIME);
            time(e.epochMillis());
            bytes(appText);
            bytes(REQUEST_ID);
            string(e.requestId());
            bytes(clientText);
            bytes(methodText);
            bytes(URI);
            string(e.uri());
            bytes(slotText);
            bytes(versionText);
            bytes(upstreamText);
            bytes(STATUS);
            number(e.status());
            bytes(DURATION);
            number(e.micros() / 1000);
            thousandths(e.micros() % 1000);
            buf[len++] = '}';
            buf[len++] = '\n';
        }

        private static int length(String s) {
            return s == null ? 0 : s.length();
        }

        private void bytes(byte[] b) {
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        /** {@code .nnn} for {@code n} in 0..999. */
        private void thousandths(long n) {
            buf[len++] = '.';
            threeDigits(n);
        }

        /** {@code n} in 0..999 as three digits, leading zeros kept. */
        private void threeDigits(long n) {
            buf[len++] = (byte) ('0' + n / 100);
            buf[len++] = (byte) ('0' + n / 10 % 10);
            buf[len++] = (byte) ('0' + n % 10);
        }

        private void time(long epochMillis) {
            long sec = Math.floorDiv(epochMillis, 1000);
            if (sec != second) {
                second = sec;
                // "2023-11-14T22:13:20Z" for a whole second: keep the part before the Z
                String text = Instant.ofEpochSecond(sec).toString();
                secondText = ascii(text.substring(0, text.length() - 1));
            }
            bytes(secondText);
            thousandths(Math.floorMod(epochMillis, 1000));
            buf[len++] = 'Z';
            buf[len++] = '"';
        }

        /** {@code s} as a JSON string, or null. */
        private void string(String s) {
            if (s == null) {
                bytes(NULL);
                return;
            }
            byte[] b = buf;
            int at = len;
            b[at++] = '"';
            int n = s.length();
            int i = 0;
            // the usual value (an id, an address, a path): printable ASCII copied without escaping
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                    break;
                }
                b[at++] = (byte) c;
            }
            len = at;
            if (i < n) {
                escape(s, i);
            }
            buf[len++] = '"';
        }

        private void escape(String s, int from) {
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> put('\\', '"');
                    case '\\' -> put('\\', '\\');
                    case '\n' -> put('\\', 'n');
                    case '\r' -> put('\\', 'r');
                    case '\t' -> put('\\', 't');
                    default -> {
                        if (c < 0x20) {
                            put('\\', 'u');
                            put('0', '0');
                            put(Character.forDigit(c >> 4, 16), Character.forDigit(c & 15, 16));
                        } else if (c < 0x80) {
                            buf[len++] = (byte) c;
                        } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                                && Character.isLowSurrogate(s.charAt(i + 1))) {
                            utf8(s.substring(i, i + 2)); // 4 bytes for 2 chars
                            i++;
                        } else {
                            utf8(String.valueOf(c)); // at most 3 bytes (a lone surrogate: '?')
                        }
                    }
                }
            }
        }

        private void put(char a, char b) {
            buf[len++] = (byte) a;
            buf[len++] = (byte) b;
        }

        private void utf8(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void number(long n) {
            if (n >= 0 && n < 10) { // a duration's milliseconds, mostly
                buf[len++] = (byte) ('0' + n);
                return;
            }
            if (n >= 100 && n < 1000) { // a status
                threeDigits(n);
                return;
            }
            if (n < 0) {
                buf[len++] = '-';
                n = -n;
            }
            int digits = 1;
            for (long rest = n / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int i = len + digits - 1; i >= len; i--) {
                buf[i] = (byte) ('0' + n % 10);
                n /= 10;
            }
            len += digits;
        }
    }

    /**
     * Writes what the loops have formatted and closes the file. Call after the gateways using it
     * stopped: a line recorded after its loop handed its chunk over here is dropped.
     */
    @Override
    public void close() {
        if (writer == null || closed) {
            return;
        }
        closed = true;
        for (Local l : locals) {
            l.flushes.cancel(false);
            try {
                l.loop.submit(l::handOff).await(2, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                // the loop has stopped: its last chunk is safe to take from here once it ended
                l.loop.terminationFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
                l.handOff();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        full.add(END);
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            log.warn("event=access-log-close-failed file={} error=\"{}\"", file, e.getMessage());
        }
    }
}
