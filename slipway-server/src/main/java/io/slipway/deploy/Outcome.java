package io.slipway.deploy;

/** What one run of a step decided: done, not yet (wait and ask again), or abort the deployment. */
record Outcome(Kind kind, String detail) {
    enum Kind { DONE, WAIT, ABORT }

    static Outcome done(String detail) {
        return new Outcome(Kind.DONE, detail);
    }

    static Outcome waiting(String detail) {
        return new Outcome(Kind.WAIT, detail);
    }

    static Outcome abort(String reason) {
        return new Outcome(Kind.ABORT, reason);
    }
}
