package io.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code slipway flags report KEY}: the A/B/n report of a flag from what the SDKs reported. */
@Command(name = "report", description = "Compare a flag's variants (or its on and off sides): exposures, conversion,"
        + " errors, latency and a custom metric, with confidence intervals and significance.")
final class FlagReportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "flag key")
    String key;

    @Option(names = "--env", description = "environment (default: the first configured)")
    String environment;

    @Option(names = "--control", description = "the control variant (default: the flag's first variant, or off)")
    String control;

    @Option(names = "--conversion", description = "the metric whose units converted (default: conversion)")
    String conversion;

    @Option(names = "--metric", description = "a custom metric to compare, e.g. order_value")
    String metric;

    @Option(names = "--goal", description = "which way the custom metric should move: increase or decrease")
    String goal;

    @Option(names = "--over", defaultValue = "7d", description = "how far back to look (default: 7d)")
    String over;

    @Option(names = "--by-side", description = "compare the on and off sides instead of variants")
    boolean bySide;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        ApiClient.Response r = client.client().get(FlagsCommand.path(key) + "/report?" + query());
        if (!r.ok()) {
            return client.refused(r);
        }
        if (client.json) {
            client.out().println(Json.write(r.body()));
        } else {
            print(client.out(), r.body());
        }
        client.out().flush();
        return 0;
    }

    private String query() {
        List<String> q = new ArrayList<>(List.of("over=" + encode(over)));
        add(q, "environment", environment);
        add(q, "control", control);
        add(q, "conversion", conversion);
        add(q, "metric", metric);
        add(q, "goal", goal);
        if (bySide) {
            q.add("by=side");
        }
        return String.join("&", q);
    }

    private static void add(List<String> q, String name, String value) {
        if (value != null) {
            q.add(name + "=" + encode(value));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The variants as a table, then each comparison's verdicts with their evidence, then the winner. */
    static void print(PrintWriter out, JsonNode body) {
        JsonNode report = body.get("report");
        out.printf("%s in %s since %s (control: %s)%n", body.at("/query/flag").asText(),
                body.at("/query/environment").asText(), java.time.Instant.parse(body.get("from").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                report.get("control").asText());
        out.printf("%-16s %10s %10s %10s %10s %12s%n", "VARIANT", "EXPOSED", "CONVERTED", "REQUESTS", "ERRORS", "LATENCY MS");
        for (JsonNode s : body.get("samples")) {
            out.printf("%-16s %10d %10d %10d %10d %12.1f%n", s.get("variant").asText(), s.get("exposures").asLong(),
                    s.get("conversions").asLong(), s.get("requests").asLong(), s.get("errors").asLong(),
                    s.at("/latencyMillis/mean").asDouble());
        }
        for (JsonNode c : report.get("comparisons")) {
            out.printf("%n%s vs %s: %s%n", c.get("variant").asText(), report.get("control").asText(),
                    c.get("verdict").asText().toLowerCase().replace('_', ' '));
            boolean custom = body.at("/query/custom").isTextual();
            for (String metric : custom ? List.of("conversion", "errors", "latencyMillis", "customMetric")
                    : List.of("conversion", "errors", "latencyMillis")) {
                JsonNode m = c.get(metric);
                if (m != null && !m.isNull() && m.has("explanation")) {
                    out.println("  " + m.get("explanation").asText());
                }
            }
        }
        JsonNode winner = report.get("winner");
        out.printf("%nwinner: %s%n", winner == null || winner.isNull() ? "none (no variant is significantly better"
                + " than the control on conversion)" : winner.asText());
    }
}
