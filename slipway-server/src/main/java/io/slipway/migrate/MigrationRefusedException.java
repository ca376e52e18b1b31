package io.slipway.migrate;

import java.util.List;

/**
 * The history and the files disagree, or the request does not fit the database's state (a target
 * below the current version, a baseline on a database with history); nothing has been run.
 */
public class MigrationRefusedException extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final List<Validation.Problem> problems;

    public MigrationRefusedException(String message) {
        super(message);
        this.problems = List.of();
    }

    /** Refused because {@code validation} found problems; the message lists them. */
    public MigrationRefusedException(String database, Validation validation) {
        super("refusing to change " + database + " until its migration history is consistent:\n  "
                + String.join("\n  ", validation.problems().stream().map(Validation.Problem::message).toList()));
        this.problems = validation.problems();
    }

    /** The validation problems behind the refusal; empty when the request itself was refused. */
    public List<Validation.Problem> problems() {
        return problems;
    }
}
