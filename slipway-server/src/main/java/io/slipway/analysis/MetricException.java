package io.slipway.analysis;

/**
 * A metric provider could not measure: an instance or Prometheus did not answer, answered with an
 * error, or answered something that cannot be read. The message names the offending URI, line or
 * query, so the caller can record the run as an ERROR with it ({@link AnalysisRun#error}).
 */
public class MetricException extends RuntimeException {
    public MetricException(String message) {
        super(message);
    }

    public MetricException(String message, Throwable cause) {
        super(message, cause);
    }
}
