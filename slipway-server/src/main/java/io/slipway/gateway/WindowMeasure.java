package io.slipway.gateway;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * One version's traffic over a recent window, as the gateway's control endpoint {@code /measure}
 * sends it to canary analysis: counts, and the latencies as a compressed HdrHistogram (2 significant
 * digits, µs) in Base64, from which the analysis takes its latency samples.
 *
 * @param version        the version measured
 * @param seconds        full seconds covered (fewer than asked when the version's traffic is younger)
 * @param requests       responses in the window, the second in progress included
 * @param errors         of those, 5xx (gateway-made 502/504 included)
 * @param gatewayErrors  of those, 502/504 the gateway made because the version did not answer
 * @param latencyMicros  Base64 of the compressed latency histogram of the full seconds
 */
public record WindowMeasure(String version, int seconds, long requests, long errors, long gatewayErrors,
                            String latencyMicros) {

    static WindowMeasure of(String version, int seconds, long requests, long errors, long gatewayErrors,
                            AbstractHistogram latency) {
        ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
        int length = latency.encodeIntoCompressedByteBuffer(buffer);
        String encoded = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        return new WindowMeasure(version, seconds, requests, errors, gatewayErrors, encoded);
    }

    /**
     * The latency histogram sent in {@link #latencyMicros}.
     *
     * @throws IllegalArgumentException when it is not a compressed histogram in Base64
     */
    public Histogram latencies() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(latencyMicros)), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException(version + ": latency histogram from the gateway cannot be decoded: " + e, e);
        }
    }
}
