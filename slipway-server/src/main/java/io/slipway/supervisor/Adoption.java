package io.slipway.supervisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.slipway.supervisor.InstanceState.FAILED;
import static io.slipway.supervisor.InstanceState.STARTING;
import static io.slipway.supervisor.InstanceState.STOPPED;
import static io.slipway.supervisor.InstanceState.STOPPING;

/**
 * What a restarted supervisor does with each stored record and each marked process: adopt a
 * live process, restart a dead instance, forget a record, or kill a process nobody owns.
 */
final class Adoption {
    enum Action { ADOPT, RESTART, KEEP_FAILED, FORGET, KILL }

    /**
     * @param record  null for a marked process that has no record
     * @param process the process to adopt or kill, else null
     */
    record Decision(Action action, InstanceRecord record, ProcessHandle process, String instanceId, String why) {
        long pid() {
            return process == null ? 0 : process.pid();
        }
    }

    private Adoption() {
    }

    static List<Decision> plan(List<InstanceRecord> records, Set<String> apps, List<MarkedProcess> marked) {
        Map<String, List<MarkedProcess>> markedById = marked.stream()
                .collect(Collectors.groupingBy(MarkedProcess::instanceId));
        List<Decision> decisions = new ArrayList<>();
        for (InstanceRecord record : records) {
            decisions.add(decide(record, apps, markedById.getOrDefault(record.id(), List.of())));
        }
        Set<Long> covered = new HashSet<>();
        decisions.stream().filter(d -> d.process() != null).forEach(d -> covered.addAll(tree(d.process())));
        for (MarkedProcess m : marked) {
            if (!covered.contains(m.handle().pid())) {
                covered.addAll(tree(m.handle()));
                decisions.add(new Decision(Action.KILL, null, m.handle(), m.instanceId(),
                        "marked with our data dir but no adoptable record"));
            }
        }
        return decisions;
    }

    private static Decision decide(InstanceRecord r, Set<String> apps, List<MarkedProcess> markedForId) {
        Optional<ProcessHandle> live = matching(r);
        boolean stopped = r.state() == STOPPING || r.state() == STOPPED;
        if (stopped || !apps.contains(r.app())) {
            String why = stopped ? "it was being stopped" : "app " + r.app() + " is no longer configured";
            return live.map(h -> decision(Action.KILL, r, h, why))
                    .orElseGet(() -> decision(Action.FORGET, r, null, why + "; its process is gone"));
        }
        if (live.isPresent()) {
            return decision(Action.ADOPT, r, live.get(), "pid alive with the recorded start time");
        }
        Optional<ProcessHandle> unrecorded = r.state() == STARTING ? root(markedForId) : Optional.empty();
        if (unrecorded.isPresent()) {
            return decision(Action.ADOPT, r, unrecorded.get(), "spawned but its pid was never recorded");
        }
        if (r.state() == FAILED) {
            return decision(Action.KEEP_FAILED, r, null, r.lastExit());
        }
        return decision(Action.RESTART, r, null, gone(r));
    }

    private static Decision decision(Action action, InstanceRecord r, ProcessHandle process, String why) {
        return new Decision(action, r, process, r.id(), why);
    }

    /** The recorded pid, only if it still names the process we spawned (a reused pid has another start instant). */
    static Optional<ProcessHandle> matching(InstanceRecord r) {
        if (r.pid() <= 0 || r.processStart() == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(r.pid())
                .filter(h -> h.info().startInstant().map(r.processStart()::equals).orElse(false));
    }

    private static String gone(InstanceRecord r) {
        if (r.pid() <= 0) {
            return "no process was recorded";
        }
        return ProcessHandle.of(r.pid()).isPresent()
                ? "pid " + r.pid() + " now belongs to another process (start instant differs)"
                : "pid " + r.pid() + " is gone";
    }

    /** Children inherit the marker, so of several marked processes the instance is the one whose parent is not marked. */
    private static Optional<ProcessHandle> root(List<MarkedProcess> marked) {
        Set<Long> pids = marked.stream().map(m -> m.handle().pid()).collect(Collectors.toSet());
        return marked.stream().map(MarkedProcess::handle)
                .filter(h -> h.parent().map(p -> !pids.contains(p.pid())).orElse(true))
                .findFirst();
    }

    private static List<Long> tree(ProcessHandle root) {
        return ProcessTree.withDescendants(List.of(root)).stream().map(ProcessHandle::pid).toList();
    }
}
