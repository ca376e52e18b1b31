package io.slipway.sdk;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventsTest {
    /** Parses a whole stream the way Sync reads one: BufferedReader lines (LF, CRLF or CR) into the parser. */
    private static List<ServerSentEvents.Event> parse(ServerSentEvents parser, String stream) {
        List<ServerSentEvents.Event> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new StringReader(stream))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                ServerSentEvents.Event e = parser.accept(line);
                if (e != null) {
                    events.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    @Test
    void dataLinesJoinWithNewlinesAndABlankLineDispatches() {
        List<ServerSentEvents.Event> events = parse(new ServerSentEvents(null),
                "event: ruleset\nid: 7\ndata: {\"a\":\ndata: 1}\n\ndata: second\n\n");
        assertThat(events).containsExactly(new ServerSentEvents.Event("ruleset", "7", "{\"a\":\n1}"),
                new ServerSentEvents.Event("message", "7", "second"));
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() {
        List<ServerSentEvents.Event> events = parse(new ServerSentEvents(null),
                ": keep-alive\n\nfoo: bar\ndata: x\n: comment inside\n\n");
        assertThat(events).containsExactly(new ServerSentEvents.Event("message", null, "x"));
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDroppedAndAFieldWithoutColonIsEmpty() {
        List<ServerSentEvents.Event> events = parse(new ServerSentEvents(null), "data:  two spaces\ndata\ndata:none\n\n");
        assertThat(events).extracting(ServerSentEvents.Event::data).containsExactly(" two spaces\n\nnone");
    }

    @Test
    void crAndCrLfLineEndingsWork() {
        List<ServerSentEvents.Event> events = parse(new ServerSentEvents(null), "id: 1\r\ndata: a\r\n\r\nid: 2\rdata: b\r\r");
        assertThat(events).containsExactly(new ServerSentEvents.Event("message", "1", "a"),
                new ServerSentEvents.Event("message", "2", "b"));
    }

    @Test
    void theLastIdPersistsAcrossEventsAndConnectionsAndAnIdWithNulIsIgnored() {
        ServerSentEvents parser = new ServerSentEvents("41");
        assertThat(parse(parser, "data: a\n\n")).extracting(ServerSentEvents.Event::id).containsExactly("41");
        parse(parser, "id: 42\ndata: b\n\nid: 4\u00003\ndata: c\n\n");
        assertThat(parser.lastEventId()).isEqualTo("42");
    }

    @Test
    void aBlankLineWithoutDataDispatchesNothingAndForgetsTheEventType() {
        List<ServerSentEvents.Event> events = parse(new ServerSentEvents(null), "event: ruleset\n\ndata: x\n\n");
        assertThat(events).containsExactly(new ServerSentEvents.Event("message", null, "x"));
    }

    @Test
    void anUnfinishedEventAtTheEndIsNotDispatched() {
        assertThat(parse(new ServerSentEvents(null), "data: half")).isEmpty();
    }

    @Test
    void retryTakesOnlyDigits() {
        ServerSentEvents parser = new ServerSentEvents(null);
        parse(parser, "retry: 2500\n\n");
        assertThat(parser.retryMillis()).isEqualTo(2500);
        parse(parser, "retry: 1s\nretry: -5\n\n");
        assertThat(parser.retryMillis()).isEqualTo(2500);
    }

    @Test
    void aLeadingByteOrderMarkIsSkipped() {
        assertThat(parse(new ServerSentEvents(null), "\uFEFFdata: x\n\n")).extracting(ServerSentEvents.Event::data).containsExactly("x");
    }
}
