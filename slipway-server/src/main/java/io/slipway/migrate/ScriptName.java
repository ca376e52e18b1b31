package io.slipway.migrate;

import java.util.Locale;

/**
 * What a migration file's name says: {@code V<version>__<description>.sql},
 * {@code U<version>__<description>.sql} or {@code R__<description>.sql}.
 *
 * @param kind        by the first letter
 * @param version     null for a repeatable script
 * @param description the part after {@code __}, underscores as spaces
 */
record ScriptName(Migration.Kind kind, Version version, String description) {
    static final String SUFFIX = ".sql";

    static boolean isScript(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /** @throws IllegalArgumentException saying what is wrong with the name and how it should look */
    static ScriptName parse(String file) {
        Migration.Kind kind = kind(file);
        String body = file.substring(1, file.length() - SUFFIX.length());
        int separator = body.indexOf("__");
        if (separator < 0) {
            throw invalid(file, "no \"__\" between the version and the description");
        }
        String description = body.substring(separator + 2).replace('_', ' ').strip();
        if (description.isEmpty()) {
            throw invalid(file, "no description after \"__\"");
        }
        return new ScriptName(kind, version(file, kind, body.substring(0, separator)), description);
    }

    private static Migration.Kind kind(String file) {
        return switch (file.charAt(0)) {
            case 'V' -> Migration.Kind.VERSIONED;
            case 'U' -> Migration.Kind.UNDO;
            case 'R' -> Migration.Kind.REPEATABLE;
            default -> throw invalid(file, "a migration script's name starts with V (forward), U (undo)"
                    + " or R (repeatable)");
        };
    }

    private static Version version(String file, Migration.Kind kind, String text) {
        if (kind == Migration.Kind.REPEATABLE) {
            if (!text.isEmpty()) {
                throw invalid(file, "a repeatable script has no version; name it R__<description>.sql");
            }
            return null;
        }
        if (text.isEmpty()) {
            throw invalid(file, "no version after " + file.charAt(0));
        }
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String file, String why) {
        return new IllegalArgumentException(file + ": " + why + " (e.g. V1__create_users.sql, U1__create_users.sql,"
                + " R__views.sql)");
    }
}
