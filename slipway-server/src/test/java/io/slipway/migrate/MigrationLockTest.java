package io.slipway.migrate;

import static io.slipway.migrate.MigratorTest.OPTIONS;
import static io.slipway.migrate.MigratorTest.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The migration lock between migrators in one JVM, on SQLite and on PostgreSQL. */
class MigrationLockTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    @RegisterExtension
    static final PostgresServer pg = new PostgresServer();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path tmp;
    private Path scripts;

    @BeforeEach
    void writeScripts() {
        scripts = Scripts.standard(tmp.resolve("migrations"));
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Migrator migrator(TestDatabase db, MigrationOptions options, Clock clock) {
        return new Migrator(scripts, db.database(), options, clock);
    }

    private static MigrationOptions polling(Duration lease, Duration lockWait) {
        return OPTIONS.withLease(lease).withLockWait(lockWait).withLockPoll(Duration.ofMillis(50));
    }

    private static List<String> lockOwner(TestDatabase db) throws SQLException {
        return db.rows("SELECT owner FROM " + LockTable.NAME);
    }

    /** A backup hook that holds the lock until {@code go} opens. */
    private static BackupHook holdingUntil(CountDownLatch go) {
        return plan -> {
            try {
                if (!go.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not released within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Optional.empty();
        };
    }

    /** A migrator running up in a thread, which holds the lock in its backup hook until {@code release} opens. */
    private record Holder(Migrator migrator, Future<Outcome> run) {
    }

    private Holder holdLock(TestDatabase db, MigrationOptions options, CountDownLatch release) {
        Migrator migrator = migrator(db, options, Clock.systemUTC()).withBackupHook(holdingUntil(release));
        Future<Outcome> run = threads.submit(() -> migrator.up(Optional.empty()));
        await().atMost(Duration.ofSeconds(20)).until(() -> lockOwner(db).equals(List.of(migrator.owner())));
        return new Holder(migrator, run);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoMigratorsInThreadsApplyEachScriptOnceTheSecondWaitingThenFindingNothingToDo(Backend backend)
            throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        CountDownLatch secondWaits = new CountDownLatch(1);
        Holder first = holdLock(db, polling(LONG, LONG), secondWaits);
        Migrator second = migrator(db, polling(LONG, LONG), Clock.systemUTC()).withListener(new MigrationListener() {
            @Override
            public void waitingForLock(LockHolder holder) {
                if (holder.owner().equals(first.migrator().owner())) {
                    secondWaits.countDown();
                }
            }
        });

        Future<Outcome> secondRun = threads.submit(() -> second.up(Optional.empty()));

        assertThat(first.run().get(30, TimeUnit.SECONDS).migrations()).hasSize(4);
        assertThat(secondRun.get(30, TimeUnit.SECONDS).migrations()).isEmpty();
        assertThat(history(db)).hasSize(4).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aMigratorGivesUpAfterTheWaitTimeNamingTheOwnerAndWhenItsLeaseExpires(Backend backend) throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        CountDownLatch release = new CountDownLatch(1);
        Holder holder = holdLock(db, polling(LONG, LONG), release);

        Migrator impatient = migrator(db, polling(LONG, Duration.ofSeconds(5)), new SteppingClock(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> impatient.up(Optional.empty()))
                .isInstanceOfSatisfying(MigrationLockException.class,
                        e -> assertThat(e.holder().owner()).isEqualTo(holder.migrator().owner()))
                .hasMessageContaining("is held by " + holder.migrator().owner() + " (since ")
                .hasMessageContaining("lease expires at ")
                .hasMessageContaining("gave up after waiting 5 s");
        release.countDown();
        assertThat(holder.run().get(30, TimeUnit.SECONDS).migrations()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theHeartbeatKeepsARunningMigratorsLeaseAlivePastItsLength(Backend backend) throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        CountDownLatch release = new CountDownLatch(1);
        Holder holder = holdLock(db, polling(Duration.ofSeconds(1), LONG), release);

        Migrator other = migrator(db, polling(LONG, Duration.ofSeconds(3)), Clock.systemUTC());

        assertThatThrownBy(() -> other.up(Optional.empty())).as("three leases later, the lock is still held")
                .isInstanceOf(MigrationLockException.class);
        release.countDown();
        assertThat(holder.run().get(30, TimeUnit.SECONDS).migrations()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExpiredLeaseIsTakenOverAtOnce(Backend backend) throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        migrator(db, OPTIONS, Clock.systemUTC()).up(Optional.of(Version.parse("1")));
        db.execute("INSERT INTO " + LockTable.NAME + " (id, owner, acquired_at, expires_at) VALUES (1, 'crashed pid 1', 0, 1000)");
        List<LockHolder> waitedFor = new ArrayList<>();

        Outcome outcome = migrator(db, OPTIONS, Clock.systemUTC()).withListener(new MigrationListener() {
            @Override
            public void waitingForLock(LockHolder holder) {
                waitedFor.add(holder);
            }
        }).up(Optional.empty());

        assertThat(outcome.migrations()).hasSize(3);
        assertThat(waitedFor).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aMigratorWhoseLockWasTakenOverRollsBackInsteadOfCommitting(Backend backend) throws Exception {
        TestDatabase db = TestDatabase.create(backend, tmp, pg);
        Migrator migrator = migrator(db, OPTIONS, Clock.systemUTC()).withBackupHook(plan -> {
            try {
                db.execute("UPDATE " + LockTable.NAME + " SET owner = 'thief pid 9'");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return Optional.empty();
        });

        assertThatThrownBy(() -> migrator.up(Optional.empty()))
                .isInstanceOf(MigrationLockException.class)
                .hasMessageContaining("lost the migration lock on " + db.database().describe() + " to thief pid 9")
                .hasMessageContaining("the current script was rolled back");
        assertThat(db.hasTable("users")).isFalse();
        assertThat(history(db)).isEmpty();
        assertThat(lockOwner(db)).containsExactly("thief pid 9");
    }

    @Test
    void onSqliteAWriterHoldingTheDatabaseIsWaitedForLikeAHeldLock() throws Exception {
        TestDatabase db = TestDatabase.create(Backend.SQLITE, tmp, pg);
        migrator(db, OPTIONS, Clock.systemUTC()).up(Optional.of(Version.parse("1")));
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("app.db"));
             Statement s = writer.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            Migrator migrator = new Migrator(scripts, db.database().withBusyTimeout(Duration.ofMillis(100)),
                    polling(LONG, LONG), Clock.systemUTC());

            Future<Outcome> run = threads.submit(() -> migrator.up(Optional.empty()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !run.isDone());
            s.execute("COMMIT");

            assertThat(run.get(30, TimeUnit.SECONDS).migrations()).hasSize(3);
        }
    }
}
