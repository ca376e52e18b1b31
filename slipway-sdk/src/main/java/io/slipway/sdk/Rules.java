package io.slipway.sdk;

import io.slipway.flags.Evaluator;
import io.slipway.flags.Ruleset;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The rules a client evaluates now, swapped whole when newer ones arrive: readers take the current
 * {@link Current} with one volatile read and never wait for a swap.
 */
final class Rules {
    private static final System.Logger LOG = System.getLogger("io.slipway.sdk");

    /** An evaluator with the source of its ruleset, swapped together so the two always agree. */
    record Current(Evaluator evaluator, Source source) {
        long version() {
            return evaluator.ruleset().version();
        }
    }

    private final String environment;
    private final Clock clock;
    private final RulesetFile cache;
    private final List<Consumer<Ruleset>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile Current current;

    private Rules(String environment, Clock clock, RulesetFile cache, Ruleset initial, Source source) {
        this.environment = environment;
        this.clock = clock;
        this.cache = cache;
        this.current = new Current(Evaluator.of(initial, clock), source);
    }

    /**
     * Rules to start from before any network call: the cache if it holds a valid ruleset of this
     * environment, else the bootstrap file, else none (every flag off).
     *
     * @param cache     the cache file, or null for no cache
     * @param bootstrap the bootstrap file, or null for none
     */
    static Rules load(String environment, Clock clock, RulesetFile cache, RulesetFile bootstrap) {
        Optional<Ruleset> cached = readFor(environment, cache);
        if (cached.isPresent()) {
            return new Rules(environment, clock, cache, cached.get(), Source.CACHE);
        }
        Optional<Ruleset> boot = readFor(environment, bootstrap);
        return boot.map(r -> new Rules(environment, clock, cache, r, Source.BOOTSTRAP))
                .orElseGet(() -> new Rules(environment, clock, cache, Ruleset.empty(environment), Source.NONE));
    }

    private static Optional<Ruleset> readFor(String environment, RulesetFile file) {
        Optional<Ruleset> ruleset = file == null ? Optional.empty() : file.read();
        if (ruleset.isPresent() && !environment.equals(ruleset.get().environment())) {
            LOG.log(Level.ERROR, "ruleset file ignored: path=" + file.path() + " error=environment \""
                    + ruleset.get().environment() + "\" is not \"" + environment + "\"");
            return Optional.empty();
        }
        return ruleset;
    }

    Current current() {
        return current;
    }

    /**
     * Takes a ruleset from the server. The server is the authority, so its rules replace cached or
     * bootstrap ones whatever their version; between two server rulesets only a higher version wins,
     * so a poll answered before a stream event cannot undo it.
     *
     * @return whether the rules changed
     */
    boolean offer(Ruleset ruleset, Source source) {
        if (!environment.equals(ruleset.environment())) {
            LOG.log(Level.WARNING, "ruleset ignored: environment=" + ruleset.environment() + " expected=" + environment);
            return false;
        }
        if (!swap(ruleset, source)) {
            return false;
        }
        // Listeners first: the rules are live from the swap, while the cache write (new file, fsync,
        // rename) waits on the disk; with 100 clients on one host it held listeners back ~5 ms at the
        // median (bench/flag-propagation).
        listeners.forEach(listener -> notify(listener, ruleset));
        save(ruleset);
        return true;
    }

    /** Counts down {@code synced} only once the new rules are in place, so a woken waiter evaluates them. */
    private synchronized boolean swap(Ruleset ruleset, Source source) {
        Current now = current;
        boolean newer = !now.source().fromServer() || ruleset.version() > now.version();
        if (newer) {
            current = new Current(Evaluator.of(ruleset, clock), source);
        } else if (ruleset.version() == now.version() && source != now.source()) {
            current = new Current(now.evaluator(), source);
        }
        synced.countDown();
        return newer;
    }

    /** The server said the rules have not changed since the version we hold. */
    void confirm() {
        synced.countDown();
    }

    private void save(Ruleset ruleset) {
        if (cache == null) {
            return;
        }
        try {
            cache.write(ruleset);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "ruleset cache not written: path=" + cache.path() + " error=" + e);
        }
    }

    private static void notify(Consumer<Ruleset> listener, Ruleset ruleset) {
        try {
            listener.accept(ruleset);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "change listener failed: version=" + ruleset.version(), e);
        }
    }

    void onChange(Consumer<Ruleset> listener) {
        listeners.add(listener);
    }

    boolean synced() {
        return synced.getCount() == 0;
    }

    boolean awaitSynced(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
