package io.slipway.backup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Apps' versions as a restore sees them, run by nothing: records every stop and start, in order. */
final class FakeAppInstances implements AppInstances {
    /** The versions running now; a stop removes them, a start adds them back. */
    final Set<String> running = new LinkedHashSet<>();
    /** "stop v1,v2" and "start v1,v2", one entry per call. */
    final List<String> calls = new ArrayList<>();
    /** Runs once the versions have stopped: what else happens meanwhile (it may throw, as a stop that fails). */
    Runnable whenStopped = () -> { };

    FakeAppInstances(String... running) {
        this.running.addAll(List.of(running));
    }

    @Override
    public List<String> running(String app) {
        return List.copyOf(running);
    }

    @Override
    public void stop(String app, List<String> versions) {
        calls.add("stop " + String.join(",", versions));
        versions.forEach(running::remove);
        whenStopped.run();
    }

    @Override
    public void start(String app, List<String> versions) {
        calls.add("start " + String.join(",", versions));
        running.addAll(versions);
    }
}
