package io.slipway.deploy;

/**
 * What one run of a step decided: done, not yet (wait and ask again), abort the deployment (nothing
 * served by the candidate needs undoing), roll back (traffic goes back to the stable version), or
 * pause until a person promotes, resumes or aborts.
 */
record Outcome(Kind kind, String detail) {
    enum Kind { DONE, WAIT, ABORT, ROLLBACK, PAUSE }

    static Outcome done(String detail) {
        return new Outcome(Kind.DONE, detail);
    }

    static Outcome waiting(String detail) {
        return new Outcome(Kind.WAIT, detail);
    }

    static Outcome abort(String reason) {
        return new Outcome(Kind.ABORT, reason);
    }

    static Outcome rollback(String reason) {
        return new Outcome(Kind.ROLLBACK, reason);
    }

    static Outcome pause(String reason) {
        return new Outcome(Kind.PAUSE, reason);
    }
}
