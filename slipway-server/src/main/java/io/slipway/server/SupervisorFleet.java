package io.slipway.server;

import io.slipway.config.AppConfig;
import io.slipway.gateway.Upstream;
import io.slipway.supervisor.Instance;
import io.slipway.supervisor.InstanceRecord;
import io.slipway.supervisor.InstanceState;
import io.slipway.supervisor.InstanceStore;
import io.slipway.supervisor.Supervisor;
import io.slipway.supervisor.VersionStatus;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The supervisor seen through the orchestrator's and the API's interfaces. */
final class SupervisorFleet implements ControlPlane.Fleet {
    private static final String HOST = "127.0.0.1";
    private final Supervisor supervisor;
    private final InstanceStore records;

    SupervisorFleet(Supervisor supervisor, InstanceStore records) {
        this.supervisor = supervisor;
        this.records = records;
    }

    @Override
    public List<Upstream> start(AppConfig app, String version) {
        return toUpstreams(supervisor.start(app, version));
    }

    @Override
    public List<Upstream> endpoints(String app, String version) {
        return toUpstreams(supervisor.instances(app, version).stream()
                .filter(i -> i.state() == InstanceState.RUNNING).toList());
    }

    @Override
    public Health health(String app, String version) {
        VersionStatus s = supervisor.status(app, version);
        Health.Kind kind = switch (s.state()) {
            case RUNNING -> Health.Kind.RUNNING;
            case STARTING, RESTARTING -> Health.Kind.STARTING;
            case FAILED -> Health.Kind.FAILED;
            case STOPPING, STOPPED -> Health.Kind.STOPPED;
        };
        return new Health(kind, s.reason());
    }

    @Override
    public CompletableFuture<Void> stop(AppConfig app, String version) {
        return supervisor.stop(app.name(), version);
    }

    @Override
    public List<AppStatus.InstanceStatus> instances(String app, String version) {
        return supervisor.instances(app, version).stream()
                .map(i -> new AppStatus.InstanceStatus(i.index(), HOST, i.port(), i.pid(), i.state().name(),
                        i.restarts()))
                .toList();
    }

    @Override
    public List<String> versions(String app) {
        return records.all().stream().filter(r -> r.app().equals(app)).map(InstanceRecord::version).distinct()
                .sorted().toList();
    }

    @Override
    public List<String> tailLog(String app, String version, int lines) {
        return supervisor.tailLog(app, version, lines);
    }

    private static List<Upstream> toUpstreams(List<Instance> instances) {
        return instances.stream().map(i -> new Upstream(HOST, i.port())).toList();
    }
}
