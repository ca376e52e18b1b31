package io.slipway.deploy;

import io.slipway.config.AppConfig;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A migration engine whose answers the test sets, recording each call with what ran and what served
 * traffic at that moment (to check that migrations come before the candidate starts, and a rollback's
 * schema policy after traffic is back).
 */
final class FakeSchema implements Schema {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final FakeProcesses processes;
    private final FakeRouter router;
    volatile Supplier<CompletableFuture<SchemaChange>> migrate =
            () -> CompletableFuture.completedFuture(new SchemaChange(null, null, List.of(), List.of(), List.of(), null));
    volatile Supplier<CompletableFuture<SchemaChange>> undo = migrate;
    volatile Supplier<CompletableFuture<Restored>> restore =
            () -> CompletableFuture.completedFuture(new Restored("b-1", "safety-1", List.of("v1")));

    FakeSchema(FakeProcesses processes, FakeRouter router) {
        this.processes = processes;
        this.router = router;
    }

    /** Every migrate call answers {@code change}. */
    void migrates(SchemaChange change) {
        migrate = () -> CompletableFuture.completedFuture(change);
    }

    @Override
    public CompletableFuture<SchemaChange> migrate(AppConfig app, String version, String previous, String by) {
        record("migrate " + version + " previous=" + previous + " by=" + by);
        return migrate.get();
    }

    @Override
    public CompletableFuture<SchemaChange> undo(AppConfig app, String version, String to, String by) {
        record("undo " + version + " to=" + to);
        return undo.get();
    }

    @Override
    public CompletableFuture<Restored> restore(AppConfig app, String backup, String by) {
        record("restore " + backup);
        return restore.get();
    }

    private void record(String call) {
        calls.add(call + " running=" + new java.util.TreeSet<>(processes.running.keySet()) + " stable="
                + router.stableVersion());
    }
}
