package io.slipway.store;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JDBC connections one user of the store works with: an SQLite file's single connection, kept
 * open, or a PostgreSQL pool, which replaces a connection that broke (the server restarted, the network
 * dropped) instead of failing every later read.
 */
abstract class StoreConnections implements AutoCloseable {

    /** A connection for one unit of work; hand it back with {@link #giveBack}. */
    abstract Connection borrow() throws SQLException;

    abstract void giveBack(Connection connection) throws SQLException;

    @Override
    public abstract void close() throws SQLException;

    /** Runs {@code work} on a borrowed connection. */
    final <T> T use(Store.SqlWork<T> work) throws SQLException {
        Connection c = borrow();
        try {
            return work.run(c);
        } finally {
            giveBack(c);
        }
    }

    static StoreConnections single(Connection connection) {
        return new StoreConnections() {
            @Override
            Connection borrow() {
                return connection;
            }

            @Override
            void giveBack(Connection c) {
                // kept open for the next unit of work
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    static StoreConnections pool(HikariDataSource pool) {
        return new StoreConnections() {
            @Override
            Connection borrow() throws SQLException {
                return pool.getConnection();
            }

            @Override
            void giveBack(Connection c) throws SQLException {
                c.close();
            }

            @Override
            public void close() {
                pool.close();
            }
        };
    }
}
