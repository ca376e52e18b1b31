package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An app's database migrations: {@code database.migrations: db/migrations}, or
 * {@code database.migrations: { dir: db/migrations, lockWait: 30s }}.
 *
 * @param dir      the directory of the app's {@code V}, {@code U} and {@code R} scripts (absolute; it exists)
 * @param lockWait how long a migration waits for the migration lock another migrator holds before it
 *                 gives up naming that migrator; zero gives up at once
 */
public record MigrationsConfig(Path dir, Duration lockWait) {
    /** As long as the engine waits by default: longer than most migrations, shorter than an HTTP client's patience. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(2);

    public MigrationsConfig {
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("migrations.lockWait: " + lockWait + " must not be negative");
        }
    }
}
