package io.slipway.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a string from an environment, as a
 * shell would: the default applies when VAR is unset or empty. {@code $${} stands for a literal
 * {@code ${}.
 */
final class Interpolation {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Interpolation() {
    }

    /** @throws IllegalArgumentException naming the unset variable or the malformed reference */
    static String apply(String text, Map<String, String> env) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("has an unclosed ${ (write $${ for a literal ${)");
                }
                out.append(resolve(text.substring(i + 2, end), env));
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String resolve(String reference, Map<String, String> env) {
        int dash = reference.indexOf(":-");
        String name = dash < 0 ? reference : reference.substring(0, dash);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "has ${" + reference + "}, which is not ${NAME} or ${NAME:-default}");
        }
        String value = env.get(name);
        if (dash >= 0 && (value == null || value.isEmpty())) {
            return reference.substring(dash + 2);
        }
        if (value == null) {
            throw new IllegalArgumentException("needs environment variable " + name
                    + ", which is not set (set it, or write ${" + name + ":-default})");
        }
        return value;
    }
}
