package io.slipway.flags;

/**
 * The full answer for one flag and context: on or off, the variant, and why.
 *
 * @param flag     the key asked for
 * @param enabled  whether the flag is on for the context
 * @param variant  the variant ({@link Variant#DISABLED} when off or without variants)
 * @param reason   why
 * @param strategy the matching strategy's name or "#index" when {@code reason} is STRATEGY_MATCHED, else null
 */
public record Evaluation(String flag, boolean enabled, Variant variant, Reason reason, String strategy) {
}
