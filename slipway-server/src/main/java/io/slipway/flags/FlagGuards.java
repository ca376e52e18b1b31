package io.slipway.flags;

import io.slipway.store.FlagEventRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Watches guarded flags: every few seconds, for each environment where a guarded flag is on, judges
 * the SDK-reported traffic that got it on against the traffic that got it off, and switches the flag
 * off there at the first degradation. Only traffic since the flag's last change counts, so the
 * evidence is about the flag as it is now (and a flag switched back on starts with a clean slate).
 */
public final class FlagGuards {
    private static final Logger log = LoggerFactory.getLogger(FlagGuards.class);
    private final Flags flags;
    private final FlagEventRepository events;
    private final Clock clock;
    private final BiConsumer<FlagUpdate, GuardDecision> tripped;

    /** @param tripped told of every flag switched off, with the evidence (metrics, alerts) */
    public FlagGuards(Flags flags, FlagEventRepository events, Clock clock, BiConsumer<FlagUpdate, GuardDecision> tripped) {
        this.flags = flags;
        this.events = events;
        this.clock = clock;
        this.tripped = tripped;
    }

    /** Judges every guarded flag that is on somewhere; returns the flags switched off. */
    public List<FlagUpdate> tick() {
        List<FlagUpdate> off = new ArrayList<>();
        for (Flag f : flags.list()) {
            if (f.guard() == null) {
                continue;
            }
            for (String environment : flags.environments()) {
                if (f.environment(environment).enabled()) {
                    judge(f, environment).ifPresent(off::add);
                }
            }
        }
        return off;
    }

    private java.util.Optional<FlagUpdate> judge(Flag f, String environment) {
        Instant windowStart = clock.instant().minus(f.guard().window());
        Instant since = f.updatedAt() != null && f.updatedAt().isAfter(windowStart) ? f.updatedAt() : windowStart;
        Map<Boolean, FlagTraffic> traffic = events.traffic(f.key(), environment, since);
        GuardDecision decision = f.guard().judge(traffic.get(true), traffic.get(false));
        if (!decision.degraded()) {
            return java.util.Optional.empty();
        }
        FlagUpdate update = flags.guardTrip(f.key(), environment, decision);
        log.warn("event=flag-guard-tripped flag={} environment={} version={} evidence=\"{}\"", f.key(), environment,
                update.flag().version(), decision.reason());
        tripped.accept(update, decision);
        return java.util.Optional.of(update);
    }
}
