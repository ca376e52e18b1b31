package io.slipway.flags;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A feature flag as the control plane keeps it: what it is for and who owns it, its state per
 * environment, its variants and the flags it depends on. SDKs never see this; they get each
 * environment's {@link FlagRules} ({@link #rulesFor}) inside a {@link Ruleset}.
 *
 * <p>The constructor checks what the flag alone can tell; whether its environments, segments and
 * parents exist is checked against the rest of the state by {@link Flags} on every write.
 *
 * @param key          unique, used in URLs and code: no whitespace, control characters or '/'
 * @param description  what the flag changes, or null
 * @param category     groups flags for a bulk kill switch (disable-all), or null
 * @param owner        who to ask about it, or null
 * @param tags         free labels
 * @param staleAfter   the day after which the flag should have been removed, or null
 * @param environments state per environment; an environment not listed is off
 * @param variants     A/B/n variants; their weights must not all be 0
 * @param dependencies parent flags (one level)
 * @param schedule     planned changes the server applies on time (e.g. 20 % on day 6 … 100 % on day 10)
 * @param guard        when set, the flag is switched off in an environment where the traffic that gets
 *                     it on does worse than the traffic that does not (as the SDKs report it)
 * @param createdAt    set by the server
 * @param updatedAt    set by the server
 * @param version      set by the server: 1 when created, +1 on every change
 */
public record Flag(String key, String description, String category, String owner, List<String> tags,
                   LocalDate staleAfter, Map<String, FlagEnvironment> environments, List<Variant> variants,
                   List<Dependency> dependencies, List<ScheduleStep> schedule, FlagGuard guard,
                   Instant createdAt, Instant updatedAt, long version) {
    /** Keys that would shadow the API's own paths under /api/v1/flags/. */
    static final Set<String> RESERVED_KEYS = Set.of("ruleset", "stream", "events", "file");

    /** @throws InvalidFlagException naming the field and value */
    public Flag {
        checkKey(key);
        if (category != null) {
            requireName("category", category);
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        environments = environments == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(environments));
        variants = variants == null ? List.of() : List.copyOf(variants);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        schedule = schedule == null ? List.of() : List.copyOf(schedule);
        checkTags(tags);
        checkEnvironments(environments);
        checkVariants("variants", variants);
        checkDependencies(key, dependencies);
    }

    /** A flag with just a key and a category, off everywhere. */
    public static Flag of(String key, String category) {
        return new Flag(key, null, category, null, List.of(), null, Map.of(), List.of(), List.of(), List.of(), null,
                null, null, 0);
    }

    /** The flag's rules in {@code environment}, as SDKs evaluate them; off where the flag has no state. */
    public FlagRules rulesFor(String environment) {
        FlagEnvironment e = environment(environment);
        return new FlagRules(key, e.enabled(), e.strategies(), variants, dependencies);
    }

    /** The flag's state in {@code environment}, {@link FlagEnvironment#OFF} when it has none. */
    public FlagEnvironment environment(String environment) {
        return environments.getOrDefault(environment, FlagEnvironment.OFF);
    }

    /** This flag with another state in one environment. */
    public Flag withEnvironment(String environment, FlagEnvironment state) {
        Map<String, FlagEnvironment> changed = new TreeMap<>(environments);
        changed.put(environment, state);
        return new Flag(key, description, category, owner, tags, staleAfter, changed, variants, dependencies,
                schedule, guard, createdAt, updatedAt, version);
    }

    /** This flag with what the server keeps about it. */
    public Flag withMeta(long newVersion, Instant created, Instant updated) {
        return new Flag(key, description, category, owner, tags, staleAfter, environments, variants, dependencies,
                schedule, guard, created, updated, newVersion);
    }

    /** This flag with another schedule (a step applied, say). */
    public Flag withSchedule(List<ScheduleStep> steps) {
        return new Flag(key, description, category, owner, tags, staleAfter, environments, variants, dependencies,
                steps, guard, createdAt, updatedAt, version);
    }

    /** What a person wrote, without what the server keeps: two flags with equal definitions are the same flag. */
    public Flag definition() {
        return withMeta(0, null, null);
    }

    private static void checkKey(String key) {
        requireName("key", key);
        if (RESERVED_KEYS.contains(key)) {
            throw new InvalidFlagException("key", key, "is reserved (the API uses /api/v1/flags/" + key + ")");
        }
    }

    /** The flag engine's rule for names, with the field named the way the API reports it. */
    static String requireName(String field, String name) {
        try {
            return Names.requireKey(field, name);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw name == null || name.isEmpty() ? new InvalidFlagException(field, null, "")
                    : new InvalidFlagException(field, name, problem.substring(problem.indexOf("\" ") + 2));
        }
    }

    private static void checkTags(List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null || tags.get(i).isBlank()) {
                throw new InvalidFlagException("tags[" + i + "]", tags.get(i) == null ? null : tags.get(i),
                        "must not be blank");
            }
        }
    }

    private static void checkEnvironments(Map<String, FlagEnvironment> environments) {
        environments.forEach((name, state) -> {
            if (state == null) {
                throw new InvalidFlagException("environments." + name, null, "");
            }
            for (int i = 0; i < state.strategies().size(); i++) {
                checkVariants("environments." + name + ".strategies[" + i + "].variants",
                        state.strategies().get(i).variants());
            }
        });
    }

    /** An A/B/n split needs some weight to split by; names must differ so that reports can tell them apart. */
    static void checkVariants(String field, List<Variant> variants) {
        Set<String> names = new HashSet<>();
        int total = 0;
        for (int i = 0; i < variants.size(); i++) {
            if (!names.add(variants.get(i).name())) {
                throw new InvalidFlagException(field + "[" + i + "].name", variants.get(i).name(), "is used twice");
            }
            total += variants.get(i).weight();
        }
        if (!variants.isEmpty() && total <= 0) {
            throw new InvalidFlagException(field, total, "is the sum of the weights; it must be more than 0");
        }
    }

    private static void checkDependencies(String key, List<Dependency> dependencies) {
        Set<String> parents = new HashSet<>();
        for (int i = 0; i < dependencies.size(); i++) {
            String parent = dependencies.get(i).flag();
            if (parent.equals(key)) {
                throw new InvalidFlagException("dependencies[" + i + "].flag", parent, "is the flag itself");
            }
            if (!parents.add(parent)) {
                throw new InvalidFlagException("dependencies[" + i + "].flag", parent, "is listed twice");
            }
        }
    }
}
