package io.slipway.analysis;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction of m p-values (S. Holm, "A simple sequentially rejective multiple test
 * procedure", Scandinavian Journal of Statistics 6 (1979) 65-70). Sorted ascending, the i-th smallest
 * (i from 1) is multiplied by m - i + 1, made non-decreasing and capped at 1; rejecting where the adjusted
 * value is below &alpha; keeps the family-wise error rate at &alpha; under any dependence, as Bonferroni
 * does, and rejects at least as much (R's {@code p.adjust(p, "holm")} gives the same numbers).
 */
final class Holm {
    private Holm() {
    }

    /** The adjusted p-values, in the order given. */
    static double[] adjust(double[] pValues) {
        int m = pValues.length;
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
