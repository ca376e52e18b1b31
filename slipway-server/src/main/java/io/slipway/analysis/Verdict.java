package io.slipway.analysis;

/**
 * What one check concluded over one window. INCONCLUSIVE is never a pass: it means too little data
 * (fewer samples than the check's minimum, no traffic at all) or nothing to measure (no stable to
 * compare with, a provider value missing or NaN).
 */
public enum Verdict {
    PASS,
    FAIL,
    INCONCLUSIVE
}
