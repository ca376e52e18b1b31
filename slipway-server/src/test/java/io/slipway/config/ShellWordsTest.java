package io.slipway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void splitsOnWhiteSpaceHonouringQuotesAndEscapes() {
        assertThat(ShellWords.split("  java  -jar app.jar ")).containsExactly("java", "-jar", "app.jar");
        assertThat(ShellWords.split("echo 'a  b' \"c \\\"d\\\" \\n\" e\\ f ''"))
                .containsExactly("echo", "a  b", "c \"d\" \\n", "e f", "");
        assertThat(ShellWords.split("--name=\"my app\"")).containsExactly("--name=my app");
    }

    @Test
    void refusesUnclosedQuotesAndATrailingBackslash() {
        assertThatThrownBy(() -> ShellWords.split("echo \"hi")).hasMessage("has an unclosed \" quote");
        assertThatThrownBy(() -> ShellWords.split("echo hi\\")).hasMessage("ends with a lone backslash");
    }
}
