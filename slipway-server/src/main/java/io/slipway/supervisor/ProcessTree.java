package io.slipway.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Stops a process together with all its descendants. */
final class ProcessTree {
    private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
    /** SIGKILL cannot be ignored; this only bounds the wait for a process stuck in the kernel (D state). */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * SIGTERM to the root and every descendant, then after {@code timeout} SIGKILL to whatever
     * of the tree is left. The tree is taken before signalling: once a parent dies its children
     * are re-parented and no longer show up as its descendants.
     */
    static CompletableFuture<Void> stop(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> tree = withDescendants(List.of(root));
        tree.forEach(ProcessHandle::destroy);
        return exits(tree).completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(done -> kill(root.pid(), tree));
    }

    private static CompletableFuture<Void> kill(long rootPid, List<ProcessHandle> tree) {
        List<ProcessHandle> alive = withDescendants(tree.stream().filter(ProcessHandle::isAlive).toList());
        if (alive.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        log.warn("stop timeout, sending SIGKILL root={} pids={}", rootPid, alive.stream().map(ProcessHandle::pid).toList());
        alive.forEach(ProcessHandle::destroyForcibly);
        return exits(alive).completeOnTimeout(null, KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    static List<ProcessHandle> withDescendants(List<ProcessHandle> roots) {
        return roots.stream().flatMap(root -> Stream.concat(Stream.of(root), root.descendants())).distinct().toList();
    }

    private static CompletableFuture<Void> exits(List<ProcessHandle> handles) {
        return CompletableFuture.allOf(handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    }
}
