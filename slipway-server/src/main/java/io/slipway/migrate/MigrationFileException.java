package io.slipway.migrate;

import java.util.List;

/**
 * The migration directory cannot be used as it is: a malformed file name, two files for one version,
 * an undo script without its forward script, a missing undo script for a requested {@code down},
 * an unknown directive or an unreadable file. Nothing has been run.
 */
public class MigrationFileException extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** @param problems one line per problem, each naming the file(s) */
    public MigrationFileException(String what, List<String> problems) {
        super(what + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
