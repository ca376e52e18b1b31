package io.slipway.flags;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who and what a flag is evaluated for: the well-known fields of Unleash's context (userId,
 * sessionId, remoteAddress, environment, appName, currentTime) and any other properties (role,
 * plan, country, version …). Immutable; build one per request, or keep one per user and reuse it.
 */
public final class FlagContext {
    /** The context with nothing set: percentage rollouts fall back to random stickiness. */
    public static final FlagContext EMPTY = builder().build();

    private final String userId;
    private final String sessionId;
    private final String remoteAddress;
    private final String environment;
    private final String appName;
    private final Instant currentTime;
    private final Map<String, String> properties;

    private FlagContext(Builder b) {
        this.userId = b.userId;
        this.sessionId = b.sessionId;
        this.remoteAddress = b.remoteAddress;
        this.environment = b.environment;
        this.appName = b.appName;
        this.currentTime = b.currentTime;
        this.properties = Map.copyOf(b.properties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A context with just a user id, the common case. */
    public static FlagContext ofUser(String userId) {
        return builder().userId(userId).build();
    }

    public String userId() {
        return userId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String environment() {
        return environment;
    }

    public String appName() {
        return appName;
    }

    /** The time date constraints compare with; null means "now" by the evaluator's clock. */
    public Instant currentTime() {
        return currentTime;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** The value of a context field by its name as used in rules ({@code userId}, {@code role} …), or null. */
    public String value(String name) {
        return ContextField.of(name).read(this);
    }

    String property(String name) {
        return properties.get(name);
    }

    /** A builder that starts from this context, e.g. to add a property. */
    public Builder toBuilder() {
        Builder b = new Builder().userId(userId).sessionId(sessionId).remoteAddress(remoteAddress)
                .environment(environment).appName(appName).currentTime(currentTime);
        b.properties.putAll(properties);
        return b;
    }

    @Override
    public String toString() {
        return "FlagContext{userId=" + userId + ", sessionId=" + sessionId + ", remoteAddress=" + remoteAddress
                + ", environment=" + environment + ", appName=" + appName + ", currentTime=" + currentTime
                + ", properties=" + properties + "}";
    }

    /** Builds a {@link FlagContext}; a field set by name is put where {@link #value} finds it. */
    public static final class Builder {
        private String userId;
        private String sessionId;
        private String remoteAddress;
        private String environment;
        private String appName;
        private Instant currentTime;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public Builder appName(String appName) {
            this.appName = appName;
            return this;
        }

        public Builder currentTime(Instant currentTime) {
            this.currentTime = currentTime;
            return this;
        }

        /**
         * Sets a field by name: the well-known names go to their fields ({@code currentTime} must
         * then be an ISO-8601 instant), any other name becomes a property. A null value removes it.
         *
         * @throws IllegalArgumentException when currentTime is not an ISO-8601 instant
         */
        public Builder set(String name, String value) {
            switch (name) {
                case "userId" -> userId = value;
                case "sessionId" -> sessionId = value;
                case "remoteAddress" -> remoteAddress = value;
                case "environment" -> environment = value;
                case "appName" -> appName = value;
                case "currentTime" -> currentTime = value == null ? null : parseInstant(value);
                default -> {
                    if (value == null) {
                        properties.remove(name);
                    } else {
                        properties.put(name, value);
                    }
                }
            }
            return this;
        }

        public FlagContext build() {
            return new FlagContext(this);
        }

        private static Instant parseInstant(String value) {
            try {
                return Instant.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("currentTime: \"" + value
                        + "\" is not an ISO-8601 instant (e.g. 2026-12-06T10:00:00Z)", e);
            }
        }
    }
}
