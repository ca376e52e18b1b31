package io.slipway.backup;

import java.util.List;

/**
 * What retention kept and removed.
 *
 * @param app    the app
 * @param kept   the completed backups kept, newest first
 * @param pruned the backups whose files were removed (or would be, in a dry run)
 * @param dryRun nothing was removed
 */
public record PruneResult(String app, List<String> kept, List<String> pruned, boolean dryRun) {
}
