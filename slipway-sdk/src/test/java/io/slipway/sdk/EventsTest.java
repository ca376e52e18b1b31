package io.slipway.sdk;

import io.slipway.flags.FlagContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {
    @Test
    void recordingWhileBatchesAreDrainedLosesAndDoublesNothing() {
        Events events = new Events();
        int threads = 4;
        int perThread = 50_000;
        List<CompletableFuture<Void>> recorders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            recorders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    // 40 entries, so that some fall idle between drains and get retired while others are busy.
                    events.metric("flag-" + (i % 40), "v", true, "latency_ms", 2, FlagContext.ofUser("u" + (i % 7)));
                }
            }));
        }
        long count = 0;
        double sum = 0;
        while (!recorders.stream().allMatch(CompletableFuture::isDone)) {
            EventBatch batch = events.drain("shop", "production", "test", Instant.EPOCH);
            count += batch.metrics().stream().mapToLong(EventBatch.Metric::count).sum();
            sum += batch.metrics().stream().mapToDouble(EventBatch.Metric::sum).sum();
        }
        EventBatch last = events.drain("shop", "production", "test", Instant.EPOCH);
        count += last.metrics().stream().mapToLong(EventBatch.Metric::count).sum();
        sum += last.metrics().stream().mapToDouble(EventBatch.Metric::sum).sum();

        assertThat(count).isEqualTo((long) threads * perThread);
        assertThat(sum).isEqualTo(2.0 * threads * perThread);
        assertThat(events.drain("shop", "production", "test", Instant.EPOCH).nothingToSend()).isTrue();
    }

    @Test
    void entriesBeyondTheLimitAreCountedAsDropped() {
        Events events = new Events();
        for (int i = 0; i < Events.MAX_ENTRIES + 5; i++) {
            events.expose("flag-" + i, "disabled", false, FlagContext.EMPTY);
        }
        assertThat(events.droppedEntries()).isEqualTo(5);
        assertThat(events.drain("shop", "production", "test", Instant.EPOCH).exposures()).hasSize(Events.MAX_ENTRIES);
    }
}
