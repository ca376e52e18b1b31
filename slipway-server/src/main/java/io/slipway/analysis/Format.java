package io.slipway.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** How evidence reads for people: "1.84 %", "1840 ms", "60 s", "p = 3.2e-09". */
public final class Format {
    private Format() {
    }

    public static String window(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    public static String percent(double ratio) {
        return decimal(ratio * 100, 3) + " %";
    }

    public static String millis(double millis) {
        return decimal(millis, 1) + " ms";
    }

    public static String number(double value) {
        return Double.isFinite(value) ? decimal(value, 3) : String.valueOf(value);
    }

    public static String pValue(double p) {
        return p >= 0.001 ? decimal(p, 4) : String.format(Locale.ROOT, "%.2g", p);
    }

    private static String decimal(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
