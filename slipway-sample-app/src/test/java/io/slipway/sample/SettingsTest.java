package io.slipway.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Map<String, String> ENV = Map.of(
            "SAMPLE_ERROR_RATE", "0.1",
            "SAMPLE_ERROR_RATE_V2", "0.5",
            "SAMPLE_LATENCY_MS_1_2_0_RC_1", "250");

    @Test
    void defaultsToPortAndVersionFromTheEnvironment() {
        Settings settings = Settings.parse(new String[0], Map.of("PORT", "9001", "SLIPWAY_VERSION", "v7"));

        assertThat(settings).isEqualTo(new Settings(9001, "v7", 0, Duration.ZERO, Duration.ZERO, false, null));
        assertThat(Settings.parse(new String[0], Map.of()).version()).isEqualTo("dev");
        assertThat(Settings.parse(new String[0], Map.of()).port()).isEqualTo(8080);
    }

    @Test
    void aVersionsOwnVariableBeatsThePlainOne() {
        assertThat(parse(ENV, "--version", "v2").errorRate()).isEqualTo(0.5);
        assertThat(parse(ENV, "--version", "v1").errorRate()).isEqualTo(0.1);
        assertThat(parse(Map.of("SLIPWAY_VERSION", "v2", "SAMPLE_ERROR_RATE_V2", "1"), new String[0]).errorRate())
                .isEqualTo(1.0);
    }

    @Test
    void turnsTheVersionIntoAnEnvSuffix() {
        assertThat(Settings.suffix("1.2.0-rc.1")).isEqualTo("1_2_0_RC_1");
        assertThat(parse(ENV, "--version", "1.2.0-rc.1").latency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void argumentsBeatTheEnvironment() {
        Settings settings = parse(ENV, "--version=v2", "--error-rate", "0", "--never-ready", "--crash-after-s", "1.5",
                "--start-delay-ms=100", "--port", "0", "--fail-after-s", "2", "--data-drift", "0.25");

        assertThat(settings).isEqualTo(new Settings(0, "v2", 0, Duration.ZERO, Duration.ofMillis(100), true,
                Duration.ofMillis(1500), Duration.ofSeconds(2), 0.25));
    }

    @Test
    void readsEveryKnobFromTheEnvironment() {
        Settings settings = parse(Map.of("SAMPLE_LATENCY_MS", "20", "SAMPLE_START_DELAY_MS", "30",
                "SAMPLE_NEVER_READY", "TRUE", "SAMPLE_CRASH_AFTER_S", "0"));

        assertThat(settings).isEqualTo(new Settings(8080, "dev", 0, Duration.ofMillis(20), Duration.ofMillis(30), true,
                Duration.ZERO));
    }

    @Test
    void namesTheKnobAndValueItCannotUse() {
        assertThatThrownBy(() -> parse(Map.of("SAMPLE_ERROR_RATE_V2", "lots"), "--version", "v2"))
                .isInstanceOf(Settings.InvalidSetting.class)
                .hasMessage("invalid SAMPLE_ERROR_RATE_V2=\"lots\": expected a number from 0 to 1");
        assertThatThrownBy(() -> parse(Map.of(), "--error-rate", "1.5"))
                .hasMessage("invalid --error-rate=\"1.5\": expected a number from 0 to 1");
        assertThatThrownBy(() -> parse(Map.of("SAMPLE_LATENCY_MS", "2.5")))
                .hasMessage("invalid SAMPLE_LATENCY_MS=\"2.5\": expected whole milliseconds, 0 or more");
        assertThatThrownBy(() -> parse(Map.of("SAMPLE_NEVER_READY", "yes")))
                .hasMessage("invalid SAMPLE_NEVER_READY=\"yes\": expected true or false");
        assertThatThrownBy(() -> parse(Map.of("PORT", "70000")))
                .hasMessage("invalid PORT=\"70000\": expected a port from 0 to 65535");
        assertThatThrownBy(() -> parse(Map.of(), "--colour", "red"))
                .hasMessageStartingWith("invalid --colour: expected one of");
        assertThatThrownBy(() -> parse(Map.of(), "--port")).hasMessage("invalid --port: expected a value after it");
    }

    private static Settings parse(Map<String, String> env, String... args) {
        return Settings.parse(args, env);
    }
}
