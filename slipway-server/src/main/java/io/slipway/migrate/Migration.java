package io.slipway.migrate;

import java.util.List;

/**
 * One migration script from the app's migration directory, read and split into statements.
 *
 * @param kind          forward ({@code V}), undo ({@code U}) or repeatable ({@code R})
 * @param version       the version it brings the schema to (forward) or takes away (undo); null for repeatable
 * @param description   from the file name, underscores as spaces
 * @param script        the file name, e.g. {@code V2__add_email.sql}
 * @param checksum      CRC32 of its lines, computed as Flyway does (line endings and BOM do not count)
 * @param noTransaction {@code -- slipway:no-transaction}: its statements run one by one, without a transaction
 * @param contract      {@code -- slipway:contract}: it removes or changes what the previous app version needs
 * @param statements    the statements it runs, in order, without their terminating semicolons
 */
public record Migration(Kind kind, Version version, String description, String script, int checksum,
                        boolean noTransaction, boolean contract, List<String> statements) {

    /** What a script does, by the first letter of its name. */
    public enum Kind {
        /** {@code V<version>__<description>.sql}: brings the schema to its version. */
        VERSIONED,
        /** {@code U<version>__<description>.sql}: undoes the forward script of the same version. */
        UNDO,
        /** {@code R__<description>.sql}: run again after the versioned ones whenever its checksum changes. */
        REPEATABLE
    }

    public Migration {
        statements = List.copyOf(statements);
    }

    /** {@code 2 add email} or, for a repeatable script, its description. */
    public String label() {
        return version == null ? description : version + " " + description;
    }
}
