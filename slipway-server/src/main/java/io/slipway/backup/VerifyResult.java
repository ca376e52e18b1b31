package io.slipway.backup;

import java.util.List;

/**
 * The outcome of {@link PointInTimeRestore#verify}: what was checked, and every problem found,
 * each naming its file (a missing segment by generation and index).
 */
public record VerifyResult(int generations, int snapshots, int segments, List<String> problems) {
    public VerifyResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
