package io.slipway.cli;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline, checked on a scheduler rather than by sleeping. */
final class Waits {
    private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-waits", true));

    private Waits() {
    }

    /** True once {@code condition} holds, false if it did not within {@code timeout}. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        CompletableFuture<Boolean> met = new CompletableFuture<>();
        ScheduledFuture<?> checks = CHECKS.scheduleWithFixedDelay(() -> {
            try {
                if (condition.getAsBoolean()) {
                    met.complete(true);
                }
            } catch (RuntimeException e) {
                met.completeExceptionally(e);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            return met.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("condition failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            checks.cancel(false);
        }
    }
}
