package io.slipway.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the history table says about the schema: the rows in the order they were written, folded
 * into the baseline, the versions applied now (a forward row applies a version, a later undo row
 * takes it away again), the failed rows and the latest run of each repeatable script.
 */
record History(List<HistoryRow> rows) {

    History {
        rows = List.copyOf(rows);
    }

    static History empty() {
        return new History(List.of());
    }

    Optional<HistoryRow> baseline() {
        return successful().filter(r -> r.type() == HistoryType.BASELINE).reduce((a, b) -> b);
    }

    /** Forward rows of the versions applied now, lowest version first. */
    TreeMap<Version, HistoryRow> applied() {
        TreeMap<Version, HistoryRow> applied = new TreeMap<>();
        successful().forEach(r -> {
            if (r.type() == HistoryType.SQL) {
                applied.put(r.version(), r);
            } else if (r.type() == HistoryType.UNDO_SQL) {
                applied.remove(r.version());
            }
        });
        return applied;
    }

    List<HistoryRow> failed() {
        return rows.stream().filter(r -> !r.success()).toList();
    }

    /** The latest successful run of each repeatable script, by description. */
    Map<String, HistoryRow> repeatables() {
        Map<String, HistoryRow> latest = new LinkedHashMap<>();
        successful().filter(r -> r.type() == HistoryType.REPEATABLE).forEach(r -> latest.put(r.description(), r));
        return latest;
    }

    /** The highest applied version, or the baseline's if none is above it. */
    Optional<Version> current() {
        List<Version> candidates = new ArrayList<>();
        baseline().ifPresent(b -> candidates.add(b.version()));
        TreeMap<Version, HistoryRow> applied = applied();
        if (!applied.isEmpty()) {
            candidates.add(applied.lastKey());
        }
        return candidates.stream().max(Version::compareTo);
    }

    int nextRank() {
        return rows.stream().mapToInt(HistoryRow::rank).max().orElse(0) + 1;
    }

    private java.util.stream.Stream<HistoryRow> successful() {
        return rows.stream().filter(HistoryRow::success);
    }
}
