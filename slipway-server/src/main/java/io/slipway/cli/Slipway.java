package io.slipway.cli;

/** Entry point of slipway.jar. */
public final class Slipway {
    private Slipway() {
    }

    public static void main(String[] args) {
        System.out.println("slipway");
    }
}
