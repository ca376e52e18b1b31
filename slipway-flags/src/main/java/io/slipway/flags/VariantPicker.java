package io.slipway.flags;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks one of a list of variants for a context, as Unleash does: an override matching the context
 * wins; otherwise the bucket of the sticky value (seed {@link Bucket#VARIANT_SEED}, normalizer the sum
 * of the weights) falls in one variant's slice of the cumulative weights.
 */
final class VariantPicker {
    private final Variant[] variants;
    private final int totalWeight;
    private final Murmur3.Prefix prefix;
    private final Stickiness stickiness;
    private final ContextField[] overrideFields;
    private final Set<String>[] overrideValues;
    private final int[] overrideVariant;

    @SuppressWarnings("unchecked")
    private VariantPicker(List<Variant> list, String groupId, String fallbackStickiness) {
        this.variants = list.toArray(Variant[]::new);
        this.totalWeight = list.stream().mapToInt(Variant::weight).sum();
        this.prefix = Bucket.prefix(groupId, Bucket.VARIANT_SEED);
        String sticky = list.get(0).stickiness() != null ? list.get(0).stickiness() : fallbackStickiness;
        this.stickiness = Stickiness.forVariants(sticky);
        int overrides = list.stream().mapToInt(v -> v.overrides().size()).sum();
        this.overrideFields = new ContextField[overrides];
        this.overrideValues = new Set[overrides];
        this.overrideVariant = new int[overrides];
        int o = 0;
        for (int i = 0; i < variants.length; i++) {
            for (Variant.Override override : variants[i].overrides()) {
                overrideFields[o] = ContextField.of(override.contextName());
                overrideValues[o] = new HashSet<>(override.values());
                overrideVariant[o++] = i;
            }
        }
    }

    /** A picker, or null when there are no variants or all weigh nothing. */
    static VariantPicker of(List<Variant> variants, String groupId, String fallbackStickiness) {
        if (variants.isEmpty() || variants.stream().mapToInt(Variant::weight).sum() == 0) {
            return null;
        }
        return new VariantPicker(variants, groupId, fallbackStickiness);
    }

    Variant pick(FlagContext context) {
        for (int o = 0; o < overrideFields.length; o++) {
            String value = overrideFields[o].read(context);
            if (value != null && overrideValues[o].contains(value)) {
                return variants[overrideVariant[o]];
            }
        }
        int target = stickiness.bucket(context, prefix, totalWeight);
        if (target == 0) {
            target = 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(totalWeight);
        }
        int cumulative = 0;
        for (Variant v : variants) {
            cumulative += v.weight();
            if (v.weight() > 0 && cumulative >= target) {
                return v;
            }
        }
        return variants[variants.length - 1];
    }
}
