package io.slipway.sdk;

/**
 * Parses a text/event-stream line by line as the HTML standard's "interpreting an event stream" says:
 * {@code data} lines join with a newline, a blank line dispatches, {@code :} starts a comment, one space
 * after the colon is dropped, an {@code id} persists until changed (it is what a reconnect sends as
 * Last-Event-ID), {@code retry} takes only digits, other fields are ignored.
 */
final class ServerSentEvents {
    /** One dispatched event; {@code type} is "message" when the stream named none. */
    record Event(String type, String id, String data) {
    }

    private final StringBuilder data = new StringBuilder();
    private String type;
    private String lastEventId;
    private long retryMillis = -1;
    private boolean firstLine = true;

    /** @param lastEventId the id a previous connection ended with, or null */
    ServerSentEvents(String lastEventId) {
        this.lastEventId = lastEventId;
    }

    /** Feeds one line without its terminator; returns the event a blank line completes, else null. */
    Event accept(String line) {
        if (firstLine && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        firstLine = false;
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) != ':') {
            field(line);
        }
        return null;
    }

    private void field(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            field(line, "");
        } else {
            int start = colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
            field(line.substring(0, colon), line.substring(start));
        }
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> retry(value);
            default -> {
                // The standard says to ignore unknown fields, so newer servers can add some.
            }
        }
    }

    private void retry(String value) {
        if (!value.isEmpty() && value.length() < 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            retryMillis = Long.parseLong(value);
        }
    }

    private Event dispatch() {
        if (data.length() == 0) {
            type = null;
            return null;
        }
        Event event = new Event(type == null || type.isEmpty() ? "message" : type, lastEventId,
                data.substring(0, data.length() - 1));
        data.setLength(0);
        type = null;
        return event;
    }

    /** The last id the stream set, to send as Last-Event-ID on reconnect; null if none. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the stream asked for in milliseconds, or -1. */
    long retryMillis() {
        return retryMillis;
    }
}
