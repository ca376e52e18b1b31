package io.slipway.backup;

import java.util.List;

/**
 * What a check of an app's PITR replica found.
 *
 * @param app         the app
 * @param replica     the replica directory
 * @param ok          true when every file of every generation is there and intact
 * @param window      the instants it can restore, or null when it holds no snapshot
 * @param generations generations checked
 * @param snapshots   snapshots checked
 * @param segments    WAL segments checked
 * @param problems    every problem found, each naming its file (a missing segment by generation and index)
 */
public record ReplicaVerification(String app, String replica, boolean ok, RestoreWindow window, int generations,
                                  int snapshots, int segments, List<String> problems) {
    public ReplicaVerification {
        problems = List.copyOf(problems);
    }

    static ReplicaVerification of(String app, String replica, RestoreWindow window, VerifyResult found) {
        return new ReplicaVerification(app, replica, found.ok(), window, found.generations(), found.snapshots(),
                found.segments(), found.problems());
    }
}
