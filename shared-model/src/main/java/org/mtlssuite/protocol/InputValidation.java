package org.mtlssuite.protocol;

import java.util.function.Function;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one rule for every string a caller sends (form and query parameters, JSON fields, path
 * segments): it must be storable. PostgreSQL refuses a NUL character in text, and a value longer
 * than its column; a string that arrived as broken UTF-8 has been decoded with U+FFFD replacement
 * characters, or carries an unpaired surrogate (a JSON {@code \ud800} escape), which the driver
 * cannot encode faithfully. Such a value is refused by the endpoint with its own error code, naming
 * the field, before any query: the database answers only for real unavailability, never for input.
 * Limits come from {@link org.mtlssuite.store.ColumnLimits}.
 */
public final class InputValidation {

    private InputValidation() {
    }

    /**
     * Why {@code value} cannot be accepted, as words that follow the field's name ("contains a NUL
     * character"), or null when it can. The value itself is never echoed. Lengths count UTF-16
     * units, at least the characters PostgreSQL counts.
     */
    public static String problem(String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character";
            }
            if (c == '\uFFFD') {
                return "is not valid UTF-8";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid UTF-8 (an unpaired surrogate)";
            }
        }
        return null;
    }

    /** Whether {@link #problem} finds nothing. */
    public static boolean acceptable(String value, int maxLength) {
        return problem(value, maxLength) == null;
    }

    /**
     * A JSON request body, read strictly as UTF-8 (a broken byte sequence is refused, not replaced)
     * with {@code refusal} naming what is wrong, never echoing the input. An empty body is null.
     */
    public static JsonNode json(ObjectMapper mapper, byte[] body,
            Function<String, OAuthException> refusal) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonNode node = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw refusal.apply("the request body holds more than one JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw refusal.apply("the request body is not JSON in UTF-8: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw refusal.apply("the request body cannot be read");
        }
    }

    /** Throws {@code refusal("<field> <problem>")} when {@code value} is not acceptable. */
    public static void require(String field, String value, int maxLength, Function<String, OAuthException> refusal) {
        String problem = problem(value, maxLength);
        if (problem != null) {
            throw refusal.apply(field + " " + problem);
        }
    }
}
