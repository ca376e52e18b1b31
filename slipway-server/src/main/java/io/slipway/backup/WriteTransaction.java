package io.slipway.backup;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs an import in one transaction: committed when all of it worked, rolled back otherwise,
 * so that a failed import leaves the target as it was. A connection already in a transaction
 * is used as it is; committing or rolling back is then its owner's decision.
 */
final class WriteTransaction {
    /** The work done inside the transaction. */
    interface Work<T> {
        T run() throws SQLException, IOException;
    }

    private WriteTransaction() {
    }

    static <T> T run(Connection c, Work<T> work) throws SQLException, IOException {
        if (!c.getAutoCommit()) {
            return work.run();
        }
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
