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
        long headTimeout408) {

    /**
     * Counters of the requests proxied to one version since the gateway started.
     * Status classes count what clients received, gateway-generated 502/504 included;
     * {@code gateway502}/{@code gateway504} count those the gateway generated itself.
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
            Window last60s) {
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
