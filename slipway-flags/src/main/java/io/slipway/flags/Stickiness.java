package io.slipway.flags;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which context value keeps a user in one bucket. "default" takes the first of a fixed list of
 * fields that is set (userId, sessionId for rollouts; remoteAddress as well for variants, as Unleash
 * does); "random" and a default with nothing set draw a fresh bucket each time.
 */
final class Stickiness {
    private static final ContextField[] ROLLOUT_DEFAULT = {ContextField.USER_ID, ContextField.SESSION_ID};
    private static final ContextField[] VARIANT_DEFAULT = {ContextField.USER_ID, ContextField.SESSION_ID,
            ContextField.REMOTE_ADDRESS};

    private final ContextField[] fields;
    private final boolean randomWhenMissing;

    private Stickiness(ContextField[] fields, boolean randomWhenMissing) {
        this.fields = fields;
        this.randomWhenMissing = randomWhenMissing;
    }

    static Stickiness forRollout(String name) {
        return of(name, ROLLOUT_DEFAULT);
    }

    static Stickiness forVariants(String name) {
        return of(name, VARIANT_DEFAULT);
    }

    private static Stickiness of(String name, ContextField[] defaults) {
        if (name == null || name.equals("default")) {
            return new Stickiness(defaults, true);
        }
        if (name.equals("random")) {
            return new Stickiness(new ContextField[0], true);
        }
        return new Stickiness(new ContextField[] {ContextField.of(name)}, false);
    }

    /**
     * The bucket (1..normalizer) of the context, or 0 when the sticky field is a named one the context
     * lacks: such a context is in no bucket, so no rollout reaches it.
     */
    int bucket(FlagContext context, Murmur3.Prefix prefix, int normalizer) {
        for (ContextField f : fields) {
            String value = f.read(context);
            if (value != null) {
                return Bucket.of(prefix, value, normalizer);
            }
        }
        return randomWhenMissing ? ThreadLocalRandom.current().nextInt(1, normalizer + 1) : 0;
    }
}
