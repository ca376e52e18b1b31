package io.slipway.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** A refused request: HTTP status, a message that says what to do, and the offending field and value. */
final class ApiError extends RuntimeException {
    final int status;
    final String field;
    final Object value;

    ApiError(int status, String message, String field, Object value) {
        super(message);
        this.status = status;
        this.field = field;
        this.value = value;
    }

    static ApiError badField(String field, Object value, String problem) {
        return new ApiError(400, field + ": " + (value == null ? "missing" : "\"" + value + "\" " + problem), field,
                value);
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        if (field != null) {
            body.put("field", field);
            body.put("value", value);
        }
        return body;
    }
}
