package io.slipway.store;

/** The databases the store runs on; the store's tests run on each ({@link TestStores}). */
enum Backend {
    SQLITE,
    POSTGRES
}
