package io.slipway.supervisor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link InstanceStore} in one JSON file, rewritten whole on every change through a
 * temporary file and an atomic rename, so a crash leaves either the old or the new content.
 * For a few dozen instances; the SQLite store is the default.
 */
public final class JsonFileInstanceStore implements InstanceStore {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Path file;
    private final Map<String, InstanceRecord> records = new LinkedHashMap<>();

    /** Reads {@code file} if it exists. */
    public JsonFileInstanceStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                JSON.readValue(file.toFile(), new TypeReference<List<InstanceRecord>>() { })
                        .forEach(r -> records.put(r.id(), r));
            } catch (IOException e) {
                throw new SupervisorException("instance store " + file + " is not readable: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void save(InstanceRecord record) {
        records.put(record.id(), record);
        write();
    }

    @Override
    public synchronized void delete(String id) {
        if (records.remove(id) != null) {
            write();
        }
    }

    @Override
    public synchronized List<InstanceRecord> all() {
        return List.copyOf(records.values());
    }

    private void write() {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), List.copyOf(records.values()));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SupervisorException("cannot write instance store " + file + ": " + e.getMessage(), e);
        }
    }
}
