package io.slipway.migrate;

import io.slipway.backup.PostgresTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A migrator in a child JVM, for {@link MigratorProcessTest}: runs {@code up}, and once it holds the
 * lock (in its backup hook) prints {@code LOCKED <owner>} and waits for a line on stdin before going on.
 *
 * <p>Arguments: {@code DIR LEASE_MILLIS sqlite FILE} or {@code DIR LEASE_MILLIS postgres HOST PORT DATABASE USER}.
 */
public final class LockingMigrator {
    private LockingMigrator() {
    }

    public static void main(String[] args) {
        MigrationOptions options = MigrationOptions.defaults().withInstalledBy("child")
                .withLease(Duration.ofMillis(Long.parseLong(args[1])));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Migrator[] self = new Migrator[1];
        self[0] = new Migrator(Path.of(args[0]), database(args), options, Clock.systemUTC()).withBackupHook(plan -> {
            System.out.println("LOCKED " + self[0].owner());
            System.out.flush();
            try {
                stdin.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of("child-backup");
        });
        System.out.println("APPLIED " + self[0].up(Optional.empty()).migrations().size());
    }

    private static MigrationDatabase database(String[] args) {
        if (args[2].equals("sqlite")) {
            return MigrationDatabase.sqlite(Path.of(args[3]));
        }
        return MigrationDatabase.postgres(new PostgresTarget(args[3], Integer.parseInt(args[4]), args[5], args[6], ""));
    }
}
