package io.slipway.config;

/**
 * Slipway's own store. Only {@code sqlite} exists so far; {@code path} is relative to the data dir
 * unless absolute.
 */
public record StoreConfig(String type, String path) {
    public static final String SQLITE = "sqlite";
    public static final StoreConfig DEFAULTS = new StoreConfig(SQLITE, "slipway.db");
}
