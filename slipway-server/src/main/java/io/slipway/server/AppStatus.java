package io.slipway.server;

import io.slipway.deploy.Deployment;
import io.slipway.gateway.Slot;

import java.util.List;

/**
 * What `slipway status APP` shows: which version serves traffic, what runs, how traffic is
 * routed and how the last deployment went.
 */
public record AppStatus(
        String app,
        String gatewayListen,
        String stableVersion,
        String previousVersion,
        List<Slot> routing,
        List<VersionStatus> versions,
        Deployment lastDeployment) {

    /** A version that is known to Slipway, with its processes. */
    public record VersionStatus(String version, String state, String process, String reason,
                                List<InstanceStatus> instances) {
    }

    /** One running instance. */
    public record InstanceStatus(int index, String host, int port, long pid, String state, int restarts) {
    }
}
