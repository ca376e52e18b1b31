package io.slipway.sdk;

import io.slipway.flags.FlagContext;
import io.slipway.flags.Ruleset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static io.slipway.sdk.TestRules.ENV;
import static io.slipway.sdk.TestRules.checkout;
import static org.assertj.core.api.Assertions.assertThat;

class RulesTest {
    @TempDir
    Path dir;

    @Test
    void serverRulesReplaceCachedOnesWhateverTheirVersion() throws IOException {
        RulesetFile cache = RulesetFile.cache(dir, ENV);
        cache.write(checkout(10, false));
        Rules rules = Rules.load(ENV, Clock.systemUTC(), cache, null);
        assertThat(rules.current().source()).isEqualTo(Source.CACHE);

        assertThat(rules.offer(checkout(3, true), Source.SERVER_STREAM)).isTrue();

        assertThat(rules.current().version()).isEqualTo(3);
        assertThat(rules.synced()).isTrue();
        assertThat(cache.read()).get().extracting(Ruleset::version).isEqualTo(3L);
    }

    @Test
    void listenersHearOfNewRulesBeforeTheCacheIsWritten() throws IOException {
        RulesetFile cache = RulesetFile.cache(dir, ENV);
        cache.write(checkout(10, false));
        Rules rules = Rules.load(ENV, Clock.systemUTC(), cache, null);
        List<Long> cachedWhenHeard = new ArrayList<>();
        rules.onChange(r -> cachedWhenHeard.add(cache.read().map(Ruleset::version).orElse(0L)));

        rules.offer(checkout(11, true), Source.SERVER_STREAM);

        assertThat(cachedWhenHeard).as("the cache's version while the listener ran").containsExactly(10L);
        assertThat(cache.read()).get().extracting(Ruleset::version).isEqualTo(11L);
    }

    @Test
    void betweenServerRulesetsOnlyAHigherVersionWins() {
        Rules rules = Rules.load(ENV, Clock.systemUTC(), null, null);
        List<Long> changes = new ArrayList<>();
        rules.onChange(r -> changes.add(r.version()));

        rules.offer(checkout(5, true), Source.SERVER_STREAM);
        rules.offer(checkout(4, false), Source.SERVER_POLL);
        rules.offer(checkout(5, false), Source.SERVER_POLL);

        assertThat(changes).containsExactly(5L);
        assertThat(rules.current().evaluator().isEnabled("checkout", FlagContext.EMPTY)).isTrue();
        assertThat(rules.current().source()).as("same version, now known from a poll").isEqualTo(Source.SERVER_POLL);
    }

    @Test
    void rulesOfAnotherEnvironmentAreIgnoredFromServerAndCache() throws IOException {
        RulesetFile cache = RulesetFile.cache(dir, ENV);
        cache.write(new Ruleset("staging", 9, List.of(), checkout(9, true).flags()));
        try (LogCapture log = new LogCapture()) {
            Rules rules = Rules.load(ENV, Clock.systemUTC(), cache, null);
            assertThat(rules.current().source()).isEqualTo(Source.NONE);
            assertThat(log.messages(java.util.logging.Level.SEVERE)).singleElement().asString().contains(cache.path().toString(), "staging");

            assertThat(rules.offer(new Ruleset("staging", 10, List.of(), List.of()), Source.SERVER_STREAM)).isFalse();
            assertThat(rules.current().source()).isEqualTo(Source.NONE);
        }
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        Rules rules = Rules.load(ENV, Clock.systemUTC(), null, null);
        List<Long> seen = new ArrayList<>();
        rules.onChange(r -> {
            throw new IllegalStateException("listener bug");
        });
        rules.onChange(r -> seen.add(r.version()));
        rules.offer(checkout(1, true), Source.SERVER_STREAM);
        assertThat(seen).containsExactly(1L);
    }
}
