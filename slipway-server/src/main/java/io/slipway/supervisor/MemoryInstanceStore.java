package io.slipway.supervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link InstanceStore} in memory: for tests, and for sharing between two supervisors in one JVM. */
public final class MemoryInstanceStore implements InstanceStore {
    private final Map<String, InstanceRecord> records = new ConcurrentHashMap<>();

    @Override
    public void save(InstanceRecord record) {
        records.put(record.id(), record);
    }

    @Override
    public void delete(String id) {
        records.remove(id);
    }

    @Override
    public List<InstanceRecord> all() {
        return List.copyOf(records.values());
    }
}
