package io.slipway.flags;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link Ruleset} compiled for fast evaluation. Immutable and thread-safe: an SDK swaps in a new
 * evaluator when the rules change. {@link #isEnabled} and {@link #variant} do not allocate (unless a
 * rule uses case-insensitive string, number, semver or regex operators on the context's values).
 */
public final class Evaluator {
    private final Ruleset ruleset;
    private final Map<String, CompiledFlag> flags;
    private final Clock clock;

    private Evaluator(Ruleset ruleset, Clock clock) {
        this.ruleset = ruleset;
        this.clock = clock;
        Map<String, Segment> segments = ruleset.segments().stream()
                .collect(Collectors.toMap(Segment::name, Function.identity()));
        this.flags = new HashMap<>();
        for (FlagRules f : ruleset.flags()) {
            flags.put(f.key(), new CompiledFlag(f, segments));
        }
    }

    /** Compiles {@code ruleset}; date constraints compare with the system clock when the context has no time. */
    public static Evaluator of(Ruleset ruleset) {
        return new Evaluator(ruleset, Clock.systemUTC());
    }

    /** Compiles {@code ruleset}, taking "now" for date constraints from {@code clock}. */
    public static Evaluator of(Ruleset ruleset, Clock clock) {
        return new Evaluator(ruleset, clock);
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    /** Whether the flag is on for the context; false for an unknown flag. */
    public boolean isEnabled(String key, FlagContext context) {
        CompiledFlag flag = flags.get(key);
        return flag != null && flag.enabled && dependenciesMet(flag, context) && flag.match(context, clock) != CompiledFlag.NO_MATCH;
    }

    /** Whether the flag is on, or {@code fallback} when the ruleset has no such flag. */
    public boolean isEnabled(String key, FlagContext context, boolean fallback) {
        return flags.containsKey(key) ? isEnabled(key, context) : fallback;
    }

    /** The flag's variant for the context; {@link Variant#DISABLED} when off or without variants. */
    public Variant variant(String key, FlagContext context) {
        CompiledFlag flag = flags.get(key);
        if (flag == null || !flag.enabled || !dependenciesMet(flag, context)) {
            return Variant.DISABLED;
        }
        int rule = flag.match(context, clock);
        return rule == CompiledFlag.NO_MATCH ? Variant.DISABLED : flag.variant(rule, context);
    }

    /** The full answer with its reason; allocates, meant for APIs and logs rather than hot paths. */
    public Evaluation evaluate(String key, FlagContext context) {
        CompiledFlag flag = flags.get(key);
        if (flag == null) {
            return new Evaluation(key, false, Variant.DISABLED, Reason.NOT_FOUND, null);
        }
        if (!flag.enabled) {
            return new Evaluation(key, false, Variant.DISABLED, Reason.DISABLED, null);
        }
        if (!dependenciesMet(flag, context)) {
            return new Evaluation(key, false, Variant.DISABLED, Reason.DEPENDENCY_NOT_MET, null);
        }
        int rule = flag.match(context, clock);
        if (rule == CompiledFlag.NO_MATCH) {
            return new Evaluation(key, false, Variant.DISABLED, Reason.NO_STRATEGY_MATCHED, null);
        }
        Variant variant = flag.variant(rule, context);
        return rule == CompiledFlag.NO_RULES
                ? new Evaluation(key, true, variant, Reason.ON_FOR_ALL, null)
                : new Evaluation(key, true, variant, Reason.STRATEGY_MATCHED, flag.rules[rule].label);
    }

    /** The keys of all flags in the ruleset. */
    public List<String> keys() {
        return ruleset.flags().stream().map(FlagRules::key).toList();
    }

    private boolean dependenciesMet(CompiledFlag flag, FlagContext context) {
        for (Dependency d : flag.dependencies) {
            CompiledFlag parent = flags.get(d.flag());
            if (parent == null || parent.dependencies.length > 0 || !met(d, parent, context)) {
                return false;
            }
        }
        return true;
    }

    private boolean met(Dependency d, CompiledFlag parent, FlagContext context) {
        int rule = parent.enabled ? parent.match(context, clock) : CompiledFlag.NO_MATCH;
        boolean on = rule != CompiledFlag.NO_MATCH;
        if (!d.enabled()) {
            return !on;
        }
        if (!on) {
            return false;
        }
        return d.variants().isEmpty() || d.variants().contains(parent.variant(rule, context).name());
    }

    /** One flag's compiled rules. */
    private static final class CompiledFlag {
        static final int NO_MATCH = -1;
        static final int NO_RULES = -2;
        final boolean enabled;
        final Rule[] rules;
        final VariantPicker variants;
        final Dependency[] dependencies;

        CompiledFlag(FlagRules f, Map<String, Segment> segments) {
            this.enabled = f.enabled();
            this.rules = new Rule[f.strategies().size()];
            for (int i = 0; i < rules.length; i++) {
                rules[i] = new Rule(f.strategies().get(i), i, f.key(), segments);
            }
            this.variants = VariantPicker.of(f.variants(), f.key(), null);
            this.dependencies = f.dependencies().toArray(Dependency[]::new);
        }

        /** The index of the first matching rule, NO_RULES when there are none (on for all), else NO_MATCH. */
        int match(FlagContext context, Clock clock) {
            if (rules.length == 0) {
                return NO_RULES;
            }
            for (int i = 0; i < rules.length; i++) {
                if (rules[i].matches(context, clock)) {
                    return i;
                }
            }
            return NO_MATCH;
        }

        Variant variant(int rule, FlagContext context) {
            VariantPicker picker = rule >= 0 && rules[rule].variants != null ? rules[rule].variants : variants;
            return picker == null ? Variant.DISABLED : picker.pick(context);
        }
    }
}
