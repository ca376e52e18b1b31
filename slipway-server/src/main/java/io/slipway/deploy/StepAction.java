package io.slipway.deploy;

/**
 * One step of a strategy. {@code run} never blocks: it starts work or looks at its progress and
 * says DONE, WAIT or ABORT. It must be idempotent, because after a crash the step that was
 * running is run again from the start.
 */
@FunctionalInterface
interface StepAction {
    Outcome run(DeployContext ctx);
}
