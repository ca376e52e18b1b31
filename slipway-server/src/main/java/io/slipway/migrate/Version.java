package io.slipway.migrate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A migration's version, ordered as Flyway orders them: the parts between {@code .} or {@code _}
 * compare as whole numbers, so 1 &lt; 1.1 &lt; 1.2 &lt; 2 &lt; 10, and trailing zero parts do not
 * count ({@code 1.0} is {@code 1}, {@code 1_2} is {@code 1.2}).
 *
 * @param parts the numeric parts, without trailing zeros (at least one part)
 */
public record Version(List<BigInteger> parts) implements Comparable<Version> {

    public Version {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a version has at least one part");
        }
    }

    /**
     * Parses {@code 2}, {@code 1.10}, {@code 2025_01_31}.
     *
     * @throws IllegalArgumentException naming the text when it is not numbers separated by {@code .} or {@code _}
     */
    public static Version parse(String text) {
        if (text == null || !text.matches("[0-9]+([._][0-9]+)*")) {
            throw new IllegalArgumentException("version \"" + text + "\" is not numbers separated by . or _"
                    + " (e.g. 3, 1.2, 2025_01_31)");
        }
        List<BigInteger> parts = new ArrayList<>();
        for (String part : text.split("[._]")) {
            parts.add(new BigInteger(part));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
            parts.remove(parts.size() - 1);
        }
        return new Version(parts);
    }

    @Override
    public int compareTo(Version other) {
        for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
            int c = part(i).compareTo(other.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private BigInteger part(int i) {
        return i < parts.size() ? parts.get(i) : BigInteger.ZERO;
    }

    public boolean isAfter(Version other) {
        return compareTo(other) > 0;
    }

    /** The parts joined by dots, as the history table stores it: {@code 1.2}. */
    @Override
    public String toString() {
        return parts.stream().map(BigInteger::toString).collect(Collectors.joining("."));
    }
}
