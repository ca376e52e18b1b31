package io.slipway.openfeature;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import io.slipway.flags.Evaluation;
import io.slipway.flags.FlagContext;
import io.slipway.flags.Variant;
import io.slipway.sdk.SlipwayFlags;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * An OpenFeature provider (name "slipway") over a {@link SlipwayFlags} client. Boolean values are the
 * flag's on/off state; string, integer, long, double and object values come from the payload of the
 * variant the context gets ({@code string}/{@code csv} for strings, {@code number} for numbers,
 * {@code json} for objects), the default value when the flag is off or the variant has no payload.
 *
 * <p>Reasons: a matching strategy gives TARGETING_MATCH, a flag on for everyone STATIC, a switched-off flag
 * DISABLED, a flag on but not for this context DEFAULT, an unknown flag ERROR with FLAG_NOT_FOUND; a payload
 * of the wrong type gives the default value with TYPE_MISMATCH, one that does not parse PARSE_ERROR.
 * Evaluations record exposures like {@link SlipwayFlags#evaluate}.
 *
 * <p>The provider does not own the client: whoever built the {@link SlipwayFlags} closes it.
 */
public final class SlipwayProvider implements FeatureProvider {
    private static final System.Logger LOG = System.getLogger("io.slipway.openfeature");
    private static final Metadata METADATA = () -> "slipway";

    private final SlipwayFlags flags;
    private final Duration readyTimeout;

    /** A provider whose initialisation waits up to 2 s for the server's rules. */
    public SlipwayProvider(SlipwayFlags flags) {
        this(flags, Duration.ofSeconds(2));
    }

    /** A provider whose initialisation waits up to {@code readyTimeout} for the server's rules. */
    public SlipwayProvider(SlipwayFlags flags, Duration readyTimeout) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.readyTimeout = Objects.requireNonNull(readyTimeout, "readyTimeout");
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /**
     * Waits for the server's rules at most the ready timeout, and never fails: with the server down the
     * client evaluates its cached or bootstrap rules, which is what the application should run on.
     */
    @Override
    public void initialize(EvaluationContext evaluationContext) {
        if (!flags.awaitReady(readyTimeout)) {
            LOG.log(Level.WARNING, "slipway provider ready without the server: source=" + flags.source()
                    + " version=" + flags.version() + " waited_ms=" + readyTimeout.toMillis());
        }
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, null);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, Payloads::string);
    }

    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, p -> Payloads.number(p).intValueExact());
    }

    @Override
    public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, p -> Payloads.number(p).longValueExact());
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, p -> Payloads.number(p).doubleValue());
    }

    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        return evaluate(key, defaultValue, ctx, Payloads::value);
    }

    /** The boolean state when {@code payload} is null, else the payload's value or the default. */
    @SuppressWarnings("unchecked")
    private <T> ProviderEvaluation<T> evaluate(String key, T defaultValue, EvaluationContext ctx, Payloads.Reader<T> payload) {
        FlagContext context;
        try {
            context = Contexts.of(ctx);
        } catch (IllegalArgumentException e) {
            return error(defaultValue, ErrorCode.INVALID_CONTEXT, e.getMessage());
        }
        Evaluation e = flags.evaluate(key, context);
        if (e.reason() == io.slipway.flags.Reason.NOT_FOUND) {
            return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "flag " + key + ": not in the rules (version "
                    + flags.version() + ", from " + flags.source() + ")");
        }
        if (payload == null) {
            return answer((T) Boolean.valueOf(e.enabled()), e, reason(e));
        }
        Variant.Payload p = e.variant().payload();
        return !e.enabled() || p == null ? answer(defaultValue, e, e.enabled() ? Reason.DEFAULT.name() : reason(e))
                : read(key, defaultValue, e, payload);
    }

    private <T> ProviderEvaluation<T> read(String key, T defaultValue, Evaluation e, Payloads.Reader<T> payload) {
        Variant variant = e.variant();
        try {
            return answer(payload.read(variant.payload()), e, reason(e));
        } catch (Payloads.TypeMismatchException x) {
            return error(defaultValue, ErrorCode.TYPE_MISMATCH, "flag " + key + ", variant " + variant.name() + ": " + x.getMessage());
        } catch (ArithmeticException x) {
            return error(defaultValue, ErrorCode.TYPE_MISMATCH, "flag " + key + ", variant " + variant.name() + ": payload "
                    + variant.payload().value() + " does not fit the number type asked for");
        } catch (IllegalArgumentException x) {
            return error(defaultValue, ErrorCode.PARSE_ERROR, "flag " + key + ", variant " + variant.name() + ": payload \""
                    + variant.payload().value() + "\" does not read as the type asked for: " + x.getMessage());
        }
    }

    private static String reason(Evaluation e) {
        return switch (e.reason()) {
            case STRATEGY_MATCHED -> Reason.TARGETING_MATCH.name();
            case ON_FOR_ALL -> Reason.STATIC.name();
            case DISABLED -> Reason.DISABLED.name();
            case DEPENDENCY_NOT_MET, NO_STRATEGY_MATCHED -> Reason.DEFAULT.name();
            case NOT_FOUND -> Reason.ERROR.name();
        };
    }

    private static <T> ProviderEvaluation<T> answer(T value, Evaluation e, String reason) {
        return ProviderEvaluation.<T>builder().value(value).reason(reason)
                .variant(e.variant().disabled() ? null : e.variant().name()).build();
    }

    private static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
        return ProviderEvaluation.<T>builder().value(defaultValue).reason(Reason.ERROR.name()).errorCode(code)
                .errorMessage(message).build();
    }
}
