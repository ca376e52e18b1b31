package io.slipway.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.slipway.backup.Replicas;
import io.slipway.config.AppConfig;
import io.slipway.config.TestConfigs;
import io.slipway.store.BackupRepository;
import io.slipway.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/alerts/slipway-backups.rules.yml: well-formed rules, over metrics Slipway really exposes. */
class AlertRulesFileTest {
    private static final Path RULES = Path.of("../docs/alerts/slipway-backups.rules.yml");
    private static final Pattern METRIC = Pattern.compile("slipway_[a-z_]+");

    @TempDir
    Path dir;

    @Test
    void everyRuleSaysWhatHowLongHowBadAndWhichApp() throws Exception {
        List<JsonNode> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(5);
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(alert).as("alert name of %s", rule).matches("Slipway[A-Za-z]+");
            assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
            assertThat(rule.path("for").asText()).as(alert).matches("\\d+[smh]");
            assertThat(rule.at("/labels/severity").asText()).as(alert).isIn("warning", "critical");
            assertThat(rule.at("/annotations/summary").asText()).as(alert).contains("{{ $labels.app }}");
            assertThat(rule.at("/annotations/description").asText()).as(alert).contains("slipway backup");
        }
        assertThat(rules).extracting(r -> r.path("alert").asText()).doesNotHaveDuplicates();
    }

    @Test
    void usesOnlyMetricsSlipwayExposesPerApp() throws Exception {
        String scraped = scrapeWithBackupAndPitr();
        List<String> used = new ArrayList<>();
        for (JsonNode rule : rules()) {
            Matcher m = METRIC.matcher(rule.path("expr").asText());
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).contains("slipway_backup_last_success_timestamp_seconds", "slipway_pitr_up",
                "slipway_pitr_capture_lag_seconds");
        for (String metric : used) {
            assertThat(scraped).as("/metrics exposes %s", metric).contains(metric + "{app=\"ledger\"}");
        }
    }

    private static List<JsonNode> rules() throws Exception {
        JsonNode file = new YAMLMapper().readTree(RULES.toFile());
        List<JsonNode> rules = new ArrayList<>();
        file.path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /** /metrics of a server with one app that has both backups and PITR (its database not created yet). */
    private String scrapeWithBackupAndPitr() {
        AppConfig ledger = TestConfigs.withPitr("ledger", dir.resolve("ledger.db"), dir.resolve("backups"),
                Duration.ofMillis(200));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Store store = Store.open(dir.resolve("s.db"), Clock.systemUTC());
             Replicas replicas = Replicas.start(List.of(ledger), Map.of(), Clock.systemUTC())) {
            BackupMetrics.register(registry, new BackupRepository(store), List.of(ledger));
            PitrMetrics.register(registry, replicas);
            return registry.scrape();
        }
    }
}
