package io.slipway.flags;

import io.slipway.analysis.ExperimentVerdict;
import io.slipway.analysis.TestClock;
import io.slipway.store.FlagEventRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlagReportsTest {
    @TempDir
    Path dir;

    @Test
    void reportsAVariantThatConvertsBetterAsTheWinner() {
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (Store store = Store.open(dir.resolve("s.db"), clock)) {
            FlagEventRepository events = new FlagEventRepository(store);
            report(events, "control", 2000, 200, 100);
            report(events, "green", 2000, 300, 120);
            FlagReports.FlagReport r = new FlagReports(events, clock).report(query("control"));
            assertThat(r.samples()).extracting(s -> s.variant() + " " + s.exposures() + "/" + s.conversions())
                    .containsExactlyInAnyOrder("control 2000/200", "green 2000/300");
            assertThat(r.report().winner()).contains("green");
            assertThat(r.report().comparisons().get(0).latencyMillis().verdict()).isEqualTo(ExperimentVerdict.WORSE);
        }
    }

    @Test
    void refusesAReportWithoutDataForTheControlNamingWhatWasSeen() {
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        try (Store store = Store.open(dir.resolve("s.db"), clock)) {
            FlagEventRepository events = new FlagEventRepository(store);
            report(events, "green", 100, 10, 100);
            assertThatThrownBy(() -> new FlagReports(events, clock).report(query("control")))
                    .hasMessageContaining("control \"control\"").hasMessageContaining("variants seen: green");
        }
    }

    private static FlagReports.Query query(String control) {
        return new FlagReports.Query("button", "production", control, null, null, null, Duration.ofDays(7), 0.95, false);
    }

    /** Sends batches of 1000 units: exposures, the first {@code converted} converting, latencies around {@code ms}. */
    private static void report(FlagEventRepository events, String variant, int units, int converted, double ms) {
        for (int from = 0; from < units; from += 1000) {
            List<String> ids = IntStream.range(from, from + 1000).mapToObj(i -> variant + "-" + i).toList();
            List<String> buyers = new ArrayList<>(ids.subList(0, Math.max(0, Math.min(1000, converted - from))));
            double sum = 1000 * ms;
            double squares = 1000 * (ms * ms + 25);
            events.record(new EventBatch("shop", "production", "h", null,
                    List.of(new EventBatch.Exposure("button", variant, true, 1000, ids)),
                    List.of(new EventBatch.Metric("button", variant, true, "latency_ms", 1000, sum, squares, List.of()),
                            new EventBatch.Metric("button", variant, true, "conversion", buyers.size(), buyers.size(),
                                    buyers.size(), buyers)), List.of()));
        }
    }
}
