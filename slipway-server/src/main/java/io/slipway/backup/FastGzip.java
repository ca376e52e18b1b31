package io.slipway.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip at level 1, storing what does not compress. Database pages compress nearly as well at level 1
 * as at the default 6 for a fraction of the CPU, and that CPU matters: a backup holds its read
 * transaction while it compresses (so the app's WAL cannot be checkpointed past it), and PITR
 * capture competes with the app's writer for the same cores. Blobs that are already compressed or
 * encrypted do not shrink at any level, yet deflate spends as long on them (24 s for a gigabyte of
 * random bytes); so every mebibyte of input is judged, and after one that shrank by less than 3 %
 * the next {@value #STORED_SAMPLES} MiB are stored (level 0: copied with a CRC) before deflate is
 * tried again. The output is one ordinary gzip stream whatever the levels were.
 */
final class FastGzip extends GZIPOutputStream {
    private static final int SAMPLE_BYTES = 1 << 20;
    private static final int STORED_SAMPLES = 16;
    private long sampleIn;
    private long sampleOut;
    private int storing;
    private boolean settling;

    FastGzip(OutputStream out) throws IOException {
        super(out, 65536);
        def.setLevel(Deflater.BEST_SPEED);
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
        super.write(buffer, offset, length);
        if (def.getBytesRead() - sampleIn >= SAMPLE_BYTES) {
            judge(def.getBytesRead(), def.getBytesWritten());
        }
    }

    /**
     * A new level applies from the sample after next: deflate compresses the input it is handed
     * next at the old level (zlib's deflateParams), so that sample is not judged.
     */
    private void judge(long in, long out) {
        if (settling) {
            settling = false;
        } else if (storing > 0) {
            if (--storing == 0) {
                def.setLevel(Deflater.BEST_SPEED);
                settling = true;
            }
        } else if ((out - sampleOut) * 100 >= (in - sampleIn) * 97) {
            def.setLevel(Deflater.NO_COMPRESSION);
            storing = STORED_SAMPLES;
            settling = true;
        }
        sampleIn = in;
        sampleOut = out;
    }
}
