package io.slipway.flags;

import io.slipway.store.FlagRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The feature flags of this control plane: every read and change of flags and segments. A change is
 * checked, written with its audit row (before and after) in one transaction, and only then announced
 * to the listeners with the new version of the flag state, so a listener never sees a change that
 * could still be rolled back. Changes that change nothing write nothing.
 */
public final class Flags {
    private static final Logger log = LoggerFactory.getLogger(Flags.class);

    private final FlagRepository repository;
    private final FlagIntegrity integrity;
    private final List<String> environments;
    private final Clock clock;
    private final List<Consumer<FlagChange>> listeners = new CopyOnWriteArrayList<>();
    /** The version of the last change announced; a cached ruleset of another version is not served. */
    private final AtomicLong announced;
    private final Map<String, Ruleset> rulesets = new ConcurrentHashMap<>();

    /** @param environments the configured environments, the first being the default for reads */
    public Flags(FlagRepository repository, List<String> environments, Clock clock) {
        this.repository = repository;
        this.environments = List.copyOf(environments);
        this.integrity = new FlagIntegrity(environments);
        this.clock = clock;
        this.announced = new AtomicLong(repository.read(FlagRepository.Tx::version));
    }

    public List<String> environments() {
        return environments;
    }

    /** Where reads that name no environment look: the first configured one. */
    public String defaultEnvironment() {
        return environments.get(0);
    }

    /**
     * Calls {@code listener} after every committed change, on the thread that made it. Changes made at
     * the same time on different threads may arrive out of order: compare {@link FlagChange#version()}.
     * It must return quickly; a listener that throws is logged and the others still run.
     */
    public void addListener(Consumer<FlagChange> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<FlagChange> listener) {
        listeners.remove(listener);
    }

    /** The version of the flag state: the id of the last change announced (0 before any). */
    public long version() {
        return announced.get();
    }

    /** @throws InvalidFlagException when {@code environment} is not configured */
    public String environment(String environment) {
        return integrity.environment(environment);
    }

    public List<Flag> list() {
        return repository.read(FlagRepository.Tx::flags);
    }

    public Optional<Flag> find(String key) {
        return repository.read(tx -> tx.flag(key));
    }

    /** @throws FlagException NOT_FOUND when there is no such flag */
    public Flag get(String key) {
        return find(key).orElseThrow(() -> FlagException.unknownFlag(key));
    }

    public List<Segment> segments() {
        return repository.read(FlagRepository.Tx::segments);
    }

    /** @throws FlagException NOT_FOUND when there is no such segment */
    public Segment segment(String name) {
        return repository.read(tx -> tx.segment(name)).orElseThrow(() -> FlagException.unknownSegment(name));
    }

    /** The changes of a flag, newest first, also after it was deleted. @throws FlagException NOT_FOUND */
    public List<FlagChange> history(String key, int limit) {
        List<FlagChange> changes = repository.read(tx -> tx.history(key, limit));
        if (changes.isEmpty() && find(key).isEmpty()) {
            throw FlagException.unknownFlag(key);
        }
        return changes;
    }

    /**
     * What SDKs evaluate in {@code environment}: every flag's rules there and the segments they name,
     * with the version of the state they were read at. Kept per environment until the next change.
     *
     * @throws InvalidFlagException when the environment is not configured
     */
    public Ruleset ruleset(String environment) {
        integrity.environment(environment);
        Ruleset cached = rulesets.get(environment);
        if (cached != null && cached.version() == announced.get()) {
            return cached;
        }
        Ruleset fresh = repository.read(tx -> build(environment, tx));
        rulesets.merge(environment, fresh, (old, now) -> now.version() >= old.version() ? now : old);
        return fresh;
    }

    /** Creates a flag. @throws FlagException CONFLICT when the key is taken */
    public FlagUpdate create(Flag flag, Actor by) {
        return announce(repository.write(tx -> {
            if (tx.flag(flag.key()).isPresent()) {
                throw new FlagException(FlagException.Kind.CONFLICT, "key", flag.key(), "flag \"" + flag.key()
                        + "\" already exists; change it with PUT /api/v1/flags/" + flag.key());
            }
            return apply(tx, null, flag, FlagChange.Action.CREATE, null, by);
        }));
    }

    /**
     * Creates the flag or replaces its definition; with {@code expectedVersion} only when the flag is
     * still at that version (optimistic locking: If-Match).
     *
     * @throws FlagException CONFLICT when the flag is at another version (or missing)
     */
    public FlagUpdate put(Flag flag, Long expectedVersion, Actor by) {
        return announce(repository.write(tx -> {
            Flag before = tx.flag(flag.key()).orElse(null);
            expect(flag.key(), before, expectedVersion);
            return apply(tx, before, flag, before == null ? FlagChange.Action.CREATE : FlagChange.Action.UPDATE,
                    null, by);
        }));
    }

    /** @throws FlagException NOT_FOUND, or CONFLICT when stale or another flag depends on it */
    public FlagUpdate delete(String key, Long expectedVersion, Actor by) {
        return announce(repository.write(tx -> {
            Flag before = tx.flag(key).orElseThrow(() -> FlagException.unknownFlag(key));
            expect(key, before, expectedVersion);
            List<String> children = FlagIntegrity.dependents(key, tx.flags());
            if (!children.isEmpty()) {
                throw new FlagException(FlagException.Kind.CONFLICT, "key", key, "flag \"" + key + "\" cannot be"
                        + " deleted while flags depend on it: " + String.join(", ", children));
            }
            tx.deleteFlag(key);
            return new FlagUpdate(before, null, tx.audit(change(FlagChange.Action.DELETE, key, null, before, null, by)));
        }));
    }

    /** Switches the flag on in one environment (its strategies then decide for whom). */
    public FlagUpdate enable(String key, String environment, Actor by) {
        integrity.environment(environment);
        return edit(key, FlagChange.Action.ENABLE, environment, by,
                f -> f.withEnvironment(environment, f.environment(environment).withEnabled(true)));
    }

    /** Switches the flag off in one environment, or with a null environment in every one (the kill switch). */
    public FlagUpdate disable(String key, String environment, Actor by) {
        if (environment == null) {
            return edit(key, FlagChange.Action.DISABLE, null, by, FlagEdits::offEverywhere);
        }
        integrity.environment(environment);
        return edit(key, FlagChange.Action.DISABLE, environment, by,
                f -> f.withEnvironment(environment, f.environment(environment).withEnabled(false)));
    }

    /**
     * Sets the rollout percentage of the named strategy, or of the last one (where "everyone" goes in
     * the usual admins → power users → everyone order), adding one when the flag has none there. It
     * does not switch the flag on.
     */
    public FlagUpdate rollout(String key, String environment, int percent, String strategy, Actor by) {
        integrity.environment(environment);
        if (percent < 0 || percent > 100) {
            throw new InvalidFlagException("percent", percent, "must be a whole number from 0 to 100");
        }
        return edit(key, FlagChange.Action.ROLLOUT, environment, by, f -> f.withEnvironment(environment,
                f.environment(environment).withStrategies(FlagEdits.rolledOut(f, environment, percent, strategy))));
    }

    /**
     * Applies the flag's schedule steps due at {@code now}, oldest first, each as its own audited change
     * by "schedule" and marked applied in the same write, so a step runs once even across restarts.
     *
     * @return the changes made, one per step (a step that changed nothing is still marked applied)
     */
    public List<FlagUpdate> applySchedule(String key, Instant now) {
        List<FlagUpdate> done = new ArrayList<>();
        for (int i : Schedule.due(get(key).schedule(), now)) {
            ScheduleStep step = get(key).schedule().get(i);
            done.add(edit(key, FlagChange.Action.SCHEDULE, step.environment(), new Actor("schedule",
                    "step due " + step.at() + ": " + step.describe()), f -> FlagEdits.scheduled(f, i, now)));
        }
        return done;
    }

    /**
     * Switches the flag off in {@code environment} because its guard found the flag-on traffic worse;
     * the audit entry (action "guard", by "guard") carries the failed checks' evidence.
     */
    public FlagUpdate guardTrip(String key, String environment, GuardDecision decision) {
        integrity.environment(environment);
        return edit(key, FlagChange.Action.GUARD, environment, new Actor("guard", decision.reason()),
                f -> f.withEnvironment(environment, f.environment(environment).withEnabled(false)));
    }

    /** When the earliest pending schedule step of any flag is due. */
    public Optional<Instant> nextScheduled() {
        return list().stream().flatMap(f -> Schedule.next(f.schedule()).stream()).min(Instant::compareTo);
    }


    /**
     * Switches off, in every environment, every flag of {@code category}, all in one transaction.
     *
     * @return one update per flag of the category (unchanged for those already off); empty when none has it
     */
    public List<FlagUpdate> disableAll(String category, Actor by) {
        Flag.requireName("category", category);
        List<FlagUpdate> updates = repository.write(tx -> {
            List<FlagUpdate> done = new ArrayList<>();
            for (Flag f : tx.flagsInCategory(category)) {
                done.add(apply(tx, f, FlagEdits.offEverywhere(f), FlagChange.Action.DISABLE_ALL, null, by));
            }
            return done;
        });
        updates.forEach(this::announce);
        return updates;
    }

    /** The categories flags have, sorted, for messages. */
    public List<String> categories() {
        return list().stream().map(Flag::category).filter(c -> c != null).distinct().sorted().toList();
    }

    /**
     * Creates or replaces a segment; the flags naming it follow at once.
     *
     * @return the recorded change, empty when the segment was already so
     */
    public Optional<FlagChange> putSegment(Segment segment, Actor by) {
        FlagChange done = repository.write(tx -> saveSegment(tx, segment, by));
        announceChange(done);
        return Optional.ofNullable(done);
    }

    /** @throws FlagException NOT_FOUND, or CONFLICT while a flag's strategy names the segment */
    public void deleteSegment(String name, Actor by) {
        announceChange(repository.write(tx -> {
            Segment before = tx.segment(name).orElseThrow(() -> FlagException.unknownSegment(name));
            List<String> users = FlagIntegrity.users(name, tx.flags());
            if (!users.isEmpty()) {
                throw new FlagException(FlagException.Kind.CONFLICT, "name", name, "segment \"" + name
                        + "\" cannot be deleted while flags use it: " + String.join(", ", users));
            }
            tx.deleteSegment(name);
            return tx.audit(segmentChange(FlagChange.Action.SEGMENT_DELETE, name, before, null, by));
        }));
    }

    /**
     * Applies a flags.yaml in one transaction, all or nothing: its segments, then its flags (parents
     * first), each declaration only when the file changed it since it last applied it, so that an
     * unchanged declaration leaves what the API did to the flag meanwhile (a kill switch) in force.
     * Flags the file does not declare are left alone. See {@link FlagsFileApplier}.
     *
     * @return the changes made, in order; empty when the file changed nothing
     * @throws FlagsFileException locating the declaration the rest of the state refuses; nothing is written
     */
    public List<FlagChange> applyFile(FlagsFile file, Actor by) {
        List<FlagChange> changes = repository.write(tx ->
                new FlagsFileApplier(this, tx, file, by).apply(clock.instant()));
        changes.forEach(this::announceChange);
        return changes;
    }

    /** The flags.yaml applied last, if any ever was. */
    public Optional<AppliedFile> appliedFile() {
        return repository.read(FlagRepository.Tx::appliedFile);
    }

    /** Writes the segment with its audit row; null when it was already so. */
    FlagChange saveSegment(FlagRepository.Tx tx, Segment segment, Actor by) throws SQLException {
        Segment before = tx.segment(segment.name()).orElse(null);
        if (segment.equals(before)) {
            return null;
        }
        tx.save(segment, clock.instant());
        return tx.audit(segmentChange(before == null ? FlagChange.Action.SEGMENT_CREATE
                : FlagChange.Action.SEGMENT_UPDATE, segment.name(), before, segment, by));
    }

    private FlagUpdate edit(String key, FlagChange.Action action, String environment, Actor by,
                            UnaryOperator<Flag> change) {
        return announce(repository.write(tx -> {
            Flag before = tx.flag(key).orElseThrow(() -> FlagException.unknownFlag(key));
            return apply(tx, before, change.apply(before), action, environment, by);
        }));
    }

    /** Checks and writes {@code edited} with its audit row; writes nothing when the definition is the same. */
    FlagUpdate apply(FlagRepository.Tx tx, Flag before, Flag edited, FlagChange.Action action,
                             String environment, Actor by) throws SQLException {
        if (before != null && before.definition().equals(edited.definition())) {
            return new FlagUpdate(before, before, null);
        }
        Instant now = clock.instant();
        Flag after = edited.withMeta(before == null ? 1 : before.version() + 1,
                before == null ? now : before.createdAt(), now);
        integrity.check(after, others(tx, after.key()), segmentNames(tx));
        tx.save(after);
        return new FlagUpdate(before, after, tx.audit(change(action, after.key(), environment, before, after, by)));
    }

    private static void expect(String key, Flag current, Long expectedVersion) {
        if (expectedVersion != null && (current == null || current.version() != expectedVersion)) {
            throw new FlagException(FlagException.Kind.CONFLICT, "If-Match", expectedVersion, current == null
                    ? "flag \"" + key + "\" does not exist (If-Match: " + expectedVersion + ")"
                    : "flag \"" + key + "\" is at version " + current.version() + ", not " + expectedVersion
                    + ": it changed since you read it; read it again and retry");
        }
    }

    private static Map<String, Flag> others(FlagRepository.Tx tx, String key) throws SQLException {
        Map<String, Flag> others = new LinkedHashMap<>();
        tx.flags().stream().filter(f -> !f.key().equals(key)).forEach(f -> others.put(f.key(), f));
        return others;
    }

    private static Set<String> segmentNames(FlagRepository.Tx tx) throws SQLException {
        Set<String> names = new HashSet<>();
        tx.segments().forEach(s -> names.add(s.name()));
        return names;
    }

    private Ruleset build(String environment, FlagRepository.Tx tx) throws SQLException {
        List<FlagRules> rules = tx.flags().stream().map(f -> f.rulesFor(environment)).toList();
        Set<String> named = new HashSet<>();
        rules.forEach(r -> named.addAll(r.segmentNames()));
        List<Segment> segments = tx.segments().stream().filter(s -> named.contains(s.name())).toList();
        return new Ruleset(environment, tx.version(), segments, rules);
    }

    private FlagChange change(FlagChange.Action action, String key, String environment, Flag before, Flag after,
                              Actor by) {
        return new FlagChange(0, clock.instant(), by.who(), action, key, null, environment, FlagChange.tree(before),
                FlagChange.tree(after), by.reason());
    }

    private FlagChange segmentChange(FlagChange.Action action, String name, Segment before, Segment after, Actor by) {
        return new FlagChange(0, clock.instant(), by.who(), action, null, name, null, FlagChange.tree(before),
                FlagChange.tree(after), by.reason());
    }

    private FlagUpdate announce(FlagUpdate update) {
        announceChange(update.change());
        return update;
    }

    private void announceChange(FlagChange change) {
        if (change == null) {
            return;
        }
        announced.accumulateAndGet(change.version(), Math::max);
        log.info("event=flag-change version={} action={} flag={} segment={} environment={} who={}", change.version(),
                change.action().label(), change.flag(), change.segment(), change.environment(), change.who());
        for (Consumer<FlagChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("event=flag-listener-failed version={} listener={}", change.version(), listener, e);
            }
        }
    }
}
