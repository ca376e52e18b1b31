package io.slipway.migrate;

/** The databases the engine supports; the acceptance tests run on each. */
enum Backend {
    SQLITE,
    POSTGRES
}
