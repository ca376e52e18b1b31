package io.slipway.backup;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs an export in one read transaction, so that every table is read at the same point in
 * time while the application keeps writing: REPEATABLE READ on PostgreSQL, a deferred read
 * transaction on SQLite (which holds one snapshot from its first read). A connection already
 * in a transaction is used as it is and left as it was.
 */
final class ReadTransaction {
    /** The work done inside the transaction. */
    interface Work<T> {
        T run() throws SQLException, IOException;
    }

    private ReadTransaction() {
    }

    static <T> T run(Connection c, PortableDialect dialect, Work<T> work) throws SQLException, IOException {
        if (!c.getAutoCommit()) {
            return work.run();
        }
        int isolation = c.getTransactionIsolation();
        if (dialect == PortableDialect.POSTGRESQL) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        c.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            c.rollback(); // nothing was written; ending the transaction releases its snapshot
            c.setAutoCommit(true);
            if (dialect == PortableDialect.POSTGRESQL) {
                c.setTransactionIsolation(isolation);
            }
        }
    }
}
