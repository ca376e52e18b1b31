package io.slipway.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Migration scripts the tests write into a directory; the standard set runs on SQLite and PostgreSQL alike. */
final class Scripts {
    private Scripts() {
    }

    static Path write(Path dir, String name, String text) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Versions 1, 1.1 and 2, each with its undo script, and a repeatable view. */
    static Path standard(Path dir) {
        write(dir, "V1__create_users.sql", """
                -- users; the name holds a semicolon and a quote
                CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                INSERT INTO users (id, name) VALUES (1, 'ann; o''brien');
                """);
        write(dir, "U1__create_users.sql", "DROP TABLE users;\n");
        write(dir, "V1.1__add_email.sql", "ALTER TABLE users ADD COLUMN email TEXT;\n");
        write(dir, "U1.1__add_email.sql", "ALTER TABLE users DROP COLUMN email;\n");
        write(dir, "V2__create_orders.sql", """
                CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, total INTEGER NOT NULL);
                /* an index; this comment has a ; in it */
                CREATE INDEX orders_user ON orders (user_id)
                """);
        write(dir, "U2__create_orders.sql", "DROP TABLE orders;\n");
        write(dir, "R__user_names.sql", """
                DROP VIEW IF EXISTS user_names;
                CREATE VIEW user_names AS SELECT name FROM users;
                """);
        return dir;
    }
}
