package io.slipway.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** How evidence reads for people: "1.84 %", "1840 ms", "60 s", "p = 3.2e-09". */
final class Format {
    private Format() {
    }

    static String window(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }

    static String percent(double ratio) {
        return decimal(ratio * 100, 3) + " %";
    }

    static String millis(double millis) {
        return decimal(millis, 1) + " ms";
    }

    static String number(double value) {
        return Double.isFinite(value) ? decimal(value, 3) : String.valueOf(value);
    }

    static String pValue(double p) {
        return p >= 0.001 ? decimal(p, 4) : String.format(Locale.ROOT, "%.2g", p);
    }

    private static String decimal(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
