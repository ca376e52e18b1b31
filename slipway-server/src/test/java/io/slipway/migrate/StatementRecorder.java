package io.slipway.migrate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Wraps real JDBC connections and writes down the text of every statement executed through them
 * that can change something: {@code Statement.execute/executeUpdate/addBatch} and every execution of
 * a {@code PreparedStatement}, but not {@code executeQuery}, which only reads.
 */
final class StatementRecorder {
    private static final Set<String> WRITES = Set.of("execute", "executeUpdate", "executeLargeUpdate", "addBatch");
    private final List<String> executed = new ArrayList<>();

    Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (method, args) -> {
            Object result = method.invoke(connection, args);
            if (method.getName().equals("createStatement")) {
                return statement((Statement) result);
            }
            if (method.getName().equals("prepareStatement")) {
                return prepared((PreparedStatement) result, (String) args[0]);
            }
            return result;
        });
    }

    private Statement statement(Statement statement) {
        return proxy(Statement.class, statement, (method, args) -> {
            if (WRITES.contains(method.getName()) && args != null && args.length > 0 && args[0] instanceof String sql) {
                record(sql);
            }
            return method.invoke(statement, args);
        });
    }

    private PreparedStatement prepared(PreparedStatement statement, String sql) {
        return proxy(PreparedStatement.class, statement, (method, args) -> {
            if (WRITES.contains(method.getName()) && (args == null || args.length == 0)) {
                record(sql);
            }
            return method.invoke(statement, args);
        });
    }

    private synchronized void record(String sql) {
        executed.add(sql);
    }

    synchronized List<String> executed() {
        return List.copyOf(executed);
    }

    synchronized void clear() {
        executed.clear();
    }

    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (p, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
