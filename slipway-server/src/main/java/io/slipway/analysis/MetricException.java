package io.slipway.analysis;

/**
 * A metric provider could not measure: the gateway, an app's {@code /metrics} or a Prometheus server
 * did not answer, or answered something that cannot be read. An analysis run that meets it ends
 * ERROR, which {@link AnalysisLimits#consecutiveErrorLimit()} tolerates a few times in a row.
 */
public class MetricException extends RuntimeException {
    public MetricException(String message) {
        super(message);
    }

    public MetricException(String message, Throwable cause) {
        super(message, cause);
    }
}
