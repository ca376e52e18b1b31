package io.slipway.flags;

/**
 * A context field named in a rule, resolved once when the rules are compiled so that evaluation reads
 * a field instead of comparing names.
 */
abstract class ContextField {
    static final ContextField USER_ID = new Named("userId") {
        @Override
        String read(FlagContext c) {
            return c.userId();
        }
    };
    static final ContextField SESSION_ID = new Named("sessionId") {
        @Override
        String read(FlagContext c) {
            return c.sessionId();
        }
    };
    static final ContextField REMOTE_ADDRESS = new Named("remoteAddress") {
        @Override
        String read(FlagContext c) {
            return c.remoteAddress();
        }
    };
    static final ContextField ENVIRONMENT = new Named("environment") {
        @Override
        String read(FlagContext c) {
            return c.environment();
        }
    };
    static final ContextField APP_NAME = new Named("appName") {
        @Override
        String read(FlagContext c) {
            return c.appName();
        }
    };
    static final ContextField CURRENT_TIME = new Named("currentTime") {
        @Override
        String read(FlagContext c) {
            return c.currentTime() == null ? null : c.currentTime().toString();
        }
    };

    final String name;

    private ContextField(String name) {
        this.name = name;
    }

    /** The value in {@code context}, or null when it is not set. */
    abstract String read(FlagContext context);

    static ContextField of(String name) {
        return switch (name) {
            case "userId" -> USER_ID;
            case "sessionId" -> SESSION_ID;
            case "remoteAddress" -> REMOTE_ADDRESS;
            case "environment" -> ENVIRONMENT;
            case "appName" -> APP_NAME;
            case "currentTime" -> CURRENT_TIME;
            default -> new Property(name);
        };
    }

    private abstract static class Named extends ContextField {
        Named(String name) {
            super(name);
        }
    }

    private static final class Property extends ContextField {
        Property(String name) {
            super(name);
        }

        @Override
        String read(FlagContext c) {
            return c.property(name);
        }
    }
}
