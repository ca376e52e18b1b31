package io.slipway.migrate;

import java.util.List;

/**
 * What stops {@code up} and {@code down}: failed history rows, applied scripts changed or missing on
 * disk, pending scripts below an applied version. Empty when the history and the files agree.
 *
 * @param problems one per offending script or row, each with a message naming it and what to do
 */
public record Validation(List<Problem> problems) {

    public Validation {
        problems = List.copyOf(problems);
    }

    /**
     * One problem.
     *
     * @param kind    FAILED, DRIFTED, MISSING_FILE or OUT_OF_ORDER
     * @param version null for repeatable scripts
     * @param script  the file concerned
     * @param message what is wrong and what to do
     */
    public record Problem(Status.State kind, Version version, String script, String message) {
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    static Validation of(Status status, String dir) {
        return new Validation(status.entries().stream()
                .filter(Validation::isProblem)
                .map(e -> new Problem(e.state(), e.version(), e.script(), message(e, status, dir)))
                .toList());
    }

    private static boolean isProblem(Status.Entry e) {
        return switch (e.state()) {
            case FAILED, DRIFTED, OUT_OF_ORDER -> true;
            case MISSING_FILE -> e.type() == HistoryType.SQL;
            default -> false;
        };
    }

    private static String message(Status.Entry e, Status status, String dir) {
        String what = e.script() + (e.version() == null ? "" : " (version " + e.version() + ")");
        return switch (e.state()) {
            case FAILED -> what + " failed on " + e.installedOn() + "; fix the script, run repair to remove the"
                    + " failed entry, then run up again";
            case DRIFTED -> what + " was changed after it was applied on " + e.installedOn() + ": checksum on disk "
                    + e.fileChecksum() + ", recorded " + e.checksum() + "; restore the file, or run repair to accept it";
            case MISSING_FILE -> what + " is applied but its file is missing from " + dir + "; put it back";
            default -> what + " is pending but version " + status.current() + " is already applied; undo down to"
                    + " below it first, or give it a version above " + status.current();
        };
    }
}
