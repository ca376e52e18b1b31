package io.slipway.supervisor;

import java.util.List;

/**
 * Where the supervisor keeps {@link InstanceRecord}s so that a restarted Slipway can re-adopt
 * its children. Every record is saved before its process is spawned and again once the pid
 * is known. Implementations must be safe for use from several threads.
 */
public interface InstanceStore {
    /** Inserts or replaces the record with the same {@link InstanceRecord#id()}. */
    void save(InstanceRecord record);

    /** Removes the record; no-op when absent. */
    void delete(String id);

    /** All records, in no particular order. */
    List<InstanceRecord> all();
}
