package io.slipway.flags;

import io.slipway.store.FlagRepository;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One transaction's work of {@link Flags#applyFile}. A declaration is written only when its hash differs
 * from the one the file last applied ({@link AppliedFile}, saved in the same transaction): the file is
 * applied when it changes, not continuously, and a restart is not a change. Segments go first, so flags
 * can name them; flags without parents go before flags with, so parents exist when their children are
 * checked. A refusal is located in the file and rolls everything back.
 */
final class FlagsFileApplier {
    private final Flags flags;
    private final FlagRepository.Tx tx;
    private final FlagsFile file;
    private final Actor by;

    FlagsFileApplier(Flags flags, FlagRepository.Tx tx, FlagsFile file, Actor by) {
        this.flags = flags;
        this.tx = tx;
        this.file = file;
        this.by = by;
    }

    /** @return the changes written, in order */
    List<FlagChange> apply(Instant now) throws SQLException {
        AppliedFile last = tx.appliedFile().orElse(AppliedFile.NONE);
        List<FlagChange> changes = new ArrayList<>();
        for (Segment segment : file.segments()) {
            if (!FlagsFile.declared(segment).equals(last.segments().get(segment.name()))) {
                Optional.ofNullable(flags.saveSegment(tx, segment, by)).ifPresent(changes::add);
            }
        }
        for (Flag flag : parentsFirst(file.flags())) {
            if (!FlagsFile.declared(flag).equals(last.flags().get(flag.key()))) {
                Optional.ofNullable(write(flag)).ifPresent(changes::add);
            }
        }
        tx.save(file.applied(file.hash().equals(last.hash()) ? last.appliedAt() : now), now);
        return changes;
    }

    private FlagChange write(Flag declared) throws SQLException {
        Flag before = tx.flag(declared.key()).orElse(null);
        Flag edited = before == null ? declared : withStepsRun(declared, before);
        try {
            return flags.apply(tx, before, edited, before == null ? FlagChange.Action.CREATE
                    : FlagChange.Action.UPDATE, null, by).change();
        } catch (InvalidFlagException e) {
            throw file.refused(declared.key(), e);
        }
    }

    /**
     * The declaration with each schedule step that {@code current} already ran (the same step: every field
     * equal) marked as run, and its effect applied on top, oldest first: a reload neither runs a step
     * again nor undoes it. A run step whose strategy the declaration dropped is only marked.
     */
    static Flag withStepsRun(Flag declared, Flag current) {
        Flag merged = declared;
        for (int i : Schedule.due(declared.schedule(), Instant.MAX)) {
            ScheduleStep step = declared.schedule().get(i);
            Optional<Instant> ran = current.schedule().stream().filter(s -> !s.pending())
                    .filter(s -> s.appliedAt(null).equals(step)).map(ScheduleStep::appliedAt).findFirst();
            if (ran.isPresent()) {
                merged = rerun(merged, i, ran.get());
            }
        }
        return merged;
    }

    private static Flag rerun(Flag f, int index, Instant ranAt) {
        try {
            return FlagEdits.scheduled(f, index, ranAt);
        } catch (InvalidFlagException e) {
            List<ScheduleStep> steps = new ArrayList<>(f.schedule());
            steps.set(index, steps.get(index).appliedAt(ranAt));
            return f.withSchedule(steps);
        }
    }

    private static List<Flag> parentsFirst(List<Flag> declared) {
        return declared.stream().sorted(Comparator.comparing(f -> !f.dependencies().isEmpty())).toList();
    }
}
