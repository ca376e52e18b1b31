package io.slipway.gateway;

import java.util.List;

/**
 * A point-in-time snapshot of one gateway, plain records for JSON.
 *
 * @param app                 the app this gateway serves
 * @param port                the port it listens on
 * @param generation          generation of the routing table in use
 * @param noUpstream503       requests answered 503 because no weighted slot had a routable upstream,
 *                            or no slot running the version a preview asked for had one
 * @param badRequest400       malformed requests rejected
 * @param headTooLarge431     requests whose head exceeded {@code maxHeaderBytes}
 * @param versions            per version that is in the table or still has requests in flight
 * @param upstreams           per upstream in the table, with its health
 * @param bodyTooLarge413     requests whose body exceeded {@code maxBodyMegabytes} (413, or closed mid-response)
 * @param headTimeout408      connections whose request head did not arrive within {@code requestHeadTimeout}
 * @param accessLogDropped    access log lines not written (the disk fell 4 MB behind, or a write failed)
 */
public record GatewayStatus(
        String app,
        int port,
        long generation,
        long noUpstream503,
        long badRequest400,
        long headTooLarge431,
        List<VersionStatus> versions,
        List<UpstreamStatus> upstreams,
        long bodyTooLarge413,
        long headTimeout408,
        long accessLogDropped) {

    /**
     * Counters of the requests proxied to one version since the gateway started.
     * Status classes count what clients received, gateway-generated 502/504 included;
     * {@code gateway502}/{@code gateway504} count those the gateway generated itself.
     * {@code mirror}: the requests copied to this version (shadow traffic), null if it never was
     * a mirror slot; copies count in {@code mirror} only, never in the other fields.
     */
    public record VersionStatus(
            String version,
            int inFlight,
            long requests,
            long status2xx,
            long status3xx,
            long status4xx,
            long status5xx,
            long gateway502,
            long gateway504,
            double p50Millis,
            double p99Millis,
            Window last10s,
            Window last60s,
            Mirror mirror) {

        /** A version that was never mirrored to. */
        public VersionStatus(String version, int inFlight, long requests, long status2xx, long status3xx,
                             long status4xx, long status5xx, long gateway502, long gateway504, double p50Millis,
                             double p99Millis, Window last10s, Window last60s) {
            this(version, inFlight, requests, status2xx, status3xx, status4xx, status5xx, gateway502, gateway504,
                    p50Millis, p99Millis, last10s, last60s, null);
        }
    }

    /**
     * The requests mirrored to one version since the gateway started: what canary analysis reads
     * to fail a candidate whose answers differ from the primary's (stable's).
     *
     * @param mirrored             copies sent to this version
     * @param compared             copies whose answer and the primary's both completed, then compared
     * @param statusMismatches     compared pairs whose status codes differ
     * @param bodyMismatches       compared pairs with equal status whose bodies differ (length and CRC32C)
     * @param mirrorErrors         copies that failed: connect error, reset, bad response, or no complete
     *                             answer within the gateway's {@code upstreamTimeout}
     * @param skipped              requests chosen for a copy but not copied: a method not in
     *                             {@code gateway.mirrorMethods}, a body over 64 KiB or of unknown length,
     *                             an upgrade, the in-flight limit, or nothing routable in the slot
     * @param latencyDiffP50Millis median of (mirror's completion − primary's completion) per compared
     *                             pair; positive when the mirror is slower
     */
    public record Mirror(
            long mirrored,
            long compared,
            long statusMismatches,
            long bodyMismatches,
            long mirrorErrors,
            long skipped,
            double latencyDiffP50Millis,
            MirrorWindow last10s,
            MirrorWindow last60s) {
    }

    /**
     * Mirrored requests of one version over the last {@code seconds} full seconds.
     * {@code mismatchRate} = (status + body mismatches) / compared; {@code errorRate} = mirror
     * errors / copies that ended (answered or failed); both 0 when nothing was counted.
     */
    public record MirrorWindow(
            int seconds,
            long mirrored,
            long compared,
            long statusMismatches,
            long bodyMismatches,
            long mirrorErrors,
            long skipped,
            double mismatchRate,
            double errorRate,
            double latencyDiffP50Millis) {
    }

    /**
     * Traffic of one version over the last {@code seconds} full seconds: what canary analysis
     * compares between versions. {@code errorRate} is the share of 5xx.
     */
    public record Window(
            int seconds,
            long requests,
            long status2xx,
            long status3xx,
            long status4xx,
            long status5xx,
            long gateway502,
            long gateway504,
            double errorRate,
            double p50Millis,
            double p95Millis,
            double p99Millis) {
    }

    /**
     * Health of one upstream as the active checks see it; {@code routable} also requires it not
     * to be {@code ejected} (passive ejection after consecutive connect errors or 5xx).
     */
    public record UpstreamStatus(
            String host,
            int port,
            HealthState health,
            boolean routable,
            int consecutiveOk,
            int consecutiveFail,
            boolean ejected) {

        UpstreamStatus withEjected(boolean ejected) {
            return new UpstreamStatus(host, port, health, routable && !ejected, consecutiveOk, consecutiveFail,
                    ejected);
        }
    }
}
