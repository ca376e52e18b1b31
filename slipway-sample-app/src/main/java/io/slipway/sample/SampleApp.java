package io.slipway.sample;

/** Placeholder. */
public final class SampleApp {
    private SampleApp() {
    }

    public static void main(String[] args) {
    }
}
