package io.slipway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * An app's database migrations: {@code database.migrations: db/migrations}, or
 * {@code database.migrations: { dir: migrations/{version}, lockWait: 30s, onRollback: undo }}.
 *
 * @param dir        the directory of the app's {@code V}, {@code U} and {@code R} scripts (absolute, or starting
 *                   with {@code {artifactDir}}); with the placeholders {@code {version}} and {@code {artifactDir}}
 *                   each version brings its own scripts (see {@link #dir(String, Path)})
 * @param lockWait   how long a migration waits for the migration lock another migrator holds before it
 *                   gives up naming that migrator; zero gives up at once
 * @param onRollback what a rollback of a deployment that migrated does with the schema
 */
public record MigrationsConfig(String dir, Duration lockWait, OnRollback onRollback) {
    /** As long as the engine waits by default: longer than most migrations, shorter than an HTTP client's patience. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(2);
    public static final String VERSION = "{version}";
    public static final String ARTIFACT_DIR = "{artifactDir}";

    /**
     * What a rollback does with the schema a deployment migrated: {@code keep} it (the default; safe because
     * scripts that break the previous version are deferred until it is retired), {@code undo} it with the
     * {@code U} scripts, or {@code restore} the backup taken before the migration.
     */
    public enum OnRollback {
        KEEP, UNDO, RESTORE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException when {@code text} is none of keep, undo, restore */
        public static OnRollback parse(String text) {
            for (OnRollback policy : values()) {
                if (policy.label().equals(text)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("is not keep, undo or restore");
        }
    }

    public MigrationsConfig {
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("migrations.lockWait: " + lockWait + " must not be negative");
        }
    }

    /** One directory for every version, kept on rollback. */
    public MigrationsConfig(Path dir, Duration lockWait) {
        this(dir.toString(), lockWait, OnRollback.KEEP);
    }

    /** Whether each version has its own scripts: {@code dir} names {@code {version}} or {@code {artifactDir}}. */
    public boolean perVersion() {
        return dir.contains(VERSION) || dir.contains(ARTIFACT_DIR);
    }

    /** The scripts of {@code version}, whose files are in {@code artifactDir} (see {@link AppConfig#artifactDir}). */
    public Path dir(String version, Path artifactDir) {
        return Path.of(dir.replace(VERSION, version).replace(ARTIFACT_DIR, artifactDir.toString())).normalize();
    }
}
