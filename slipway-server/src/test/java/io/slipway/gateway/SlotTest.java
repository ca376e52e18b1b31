package io.slipway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.slipway.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slots as the store keeps them: JSON written by the control plane, read by gateway processes. */
class SlotTest {
    private static final Upstream A = new Upstream("127.0.0.1", 9001);

    @Test
    void readsATableStoredBeforeMirroringAsNotMirrored() throws JsonProcessingException {
        Slot[] slots = Json.MAPPER.readValue("""
                [{"name":"stable","version":"v1","upstreams":[{"host":"127.0.0.1","port":9001}],"weight":100}]
                """, Slot[].class);

        assertThat(slots).containsExactly(new Slot("stable", "v1", List.of(A), 100, 0));
    }

    @Test
    void writesMirrorOnlyWhenSet() throws JsonProcessingException {
        String plain = Json.MAPPER.writeValueAsString(new Slot("stable", "v1", List.of(A), 100));
        Slot shadow = new Slot("candidate", "v2", List.of(A), 0, 100);
        String mirrored = Json.MAPPER.writeValueAsString(shadow);

        assertThat(plain).doesNotContain("mirror");
        assertThat(mirrored).contains("\"mirror\":100");
        assertThat(Json.MAPPER.readValue(mirrored, Slot.class)).isEqualTo(shadow);
    }

    @Test
    void refusesAMirrorOutsideZeroToHundred() {
        assertThatThrownBy(() -> new Slot("candidate", "v2", List.of(A), 0, 101))
                .hasMessage("slot candidate: mirror 101 is not a percentage (0..100)");
        assertThatThrownBy(() -> new Slot("candidate", "v2", List.of(A), 0, -1))
                .hasMessage("slot candidate: mirror -1 is not a percentage (0..100)");
    }
}
