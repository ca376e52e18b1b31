package io.slipway.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The optional {@code flags:} block of slipway.yaml. */
class FlagsConfigTest {
    private static final Path BASE = Path.of("/srv/shop");

    @Test
    void defaultsToProductionOnly() {
        SlipwayConfig config = ConfigLoader.parse("apps: {}\n", BASE, Map.of());

        assertThat(config.flags()).isEqualTo(FlagsConfig.DEFAULTS);
        assertThat(config.flags().environments()).containsExactly("production");
        assertThat(config.flags().file()).isNull();
    }

    @Test
    void readsTheEnvironmentsInOrderAndTheFileFromTheConfigsDirectory() {
        SlipwayConfig config = ConfigLoader.parse("""
                flags:
                  environments: [production, staging, dev]
                  file: flags.yaml
                """, BASE, Map.of());

        assertThat(config.flags().environments()).containsExactly("production", "staging", "dev");
        assertThat(config.flags().defaultEnvironment()).isEqualTo("production");
        assertThat(config.flags().file()).isEqualTo(BASE.resolve("flags.yaml"));
    }

    @Test
    void reportsBadEnvironmentsWithPathAndValue() {
        assertThat(problems("flags: { environments: [production, Prod uction, production], colour: red }"))
                .containsExactly(
                        "flags.colour: unknown key, expected one of environments, file",
                        "flags.environments[1]: \"Prod uction\" is not a valid environment name: up to 40 of a-z,"
                                + " 0-9, '-' and '_', not starting with '-' or '_'",
                        "flags.environments[2]: \"production\" is listed twice");
        assertThat(problems("flags: { environments: [] }"))
                .containsExactly("flags.environments: \"[]\" must be a non-empty list of environment names,"
                        + " e.g. [production, staging]");
    }

    @Test
    void theRecordRefusesWhatTheReaderWouldReport() {
        assertThatThrownBy(() -> new FlagsConfig(List.of(), null)).hasMessageContaining("at least one environment");
        assertThatThrownBy(() -> new FlagsConfig(List.of("a", "a"), null))
                .hasMessage("flags.environments: \"a\" is listed twice");
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, BASE, Map.of()));
        assertThat(e).as("expected problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
