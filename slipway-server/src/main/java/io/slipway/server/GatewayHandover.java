package io.slipway.server;

import io.netty.util.concurrent.DefaultThreadFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.store.RouteRepository;
import io.slipway.supervisor.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Replaces a gateway process started for another config or another slipway.jar without dropping
 * traffic: the new one binds the same ports (SO_REUSEPORT) and loads the stored routes before it
 * accepts; once it serves every app's stored table, the old one is stopped, which drains it.
 */
final class GatewayHandover {
    private static final Logger log = LoggerFactory.getLogger(GatewayHandover.class);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private GatewayHandover() {
    }

    /**
     * The gateway's version: a hash of the config file and of its command line (JVM options and
     * the size and mtime of every classpath jar), so that a change of any replaces it.
     */
    static String version(Path configFile, String commandLine) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(configFile));
            sha.update(commandLine.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String entry : JavaCommand.classpath().split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                sha.update((entry + (Files.isRegularFile(p) ? Files.size(p) + "@" + Files.getLastModifiedTime(p) : ""))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return "g" + HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (java.io.IOException | NoSuchAlgorithmException e) {
            throw new ServerStartException("cannot read config " + configFile + ": " + e.getMessage());
        }
    }

    /** Stops {@code oldVersions} of the gateway once the current one serves what the store holds. */
    static void retire(List<String> oldVersions, Supervisor supervisor, RouteRepository routes,
                       Supplier<Optional<JsonNode>> status) {
        if (oldVersions.isEmpty()) {
            return;
        }
        log.info("event=gateway-handover old={} waiting for the new gateway to serve the stored routes", oldVersions);
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("slipway-gateway-handover", true));
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        checks.scheduleWithFixedDelay(() -> {
            if (servesStoredRoutes(routes, status)) {
                oldVersions.forEach(v -> supervisor.stop(SlipwayServer.GATEWAY_APP, v));
                log.info("event=gateway-handover-done stopped={}", oldVersions);
                checks.shutdown();
            } else if (System.nanoTime() > deadline) {
                log.error("event=gateway-handover-failed old={} reason=\"the new gateway did not serve the stored"
                        + " routes within {}s; the old gateway keeps serving; see its log\"", oldVersions,
                        GIVE_UP.toSeconds());
                checks.shutdown();
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    private static boolean servesStoredRoutes(RouteRepository routes, Supplier<Optional<JsonNode>> status) {
        Optional<JsonNode> s = status.get();
        if (s.isEmpty()) {
            return false;
        }
        for (RouteRepository.StoredRoutes r : routes.all()) {
            JsonNode app = s.get().path("apps").path(r.app());
            if (!app.isMissingNode() && app.path("generation").asLong(-1) < r.generation()) {
                return false;
            }
        }
        return true;
    }
}
