package org.mtlssuite.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * One audit record: what happened ({@code type}), how it ended, for which client, and details that
 * never include a secret, a token, a key or a password (tokens appear by jti only).
 *
 * <p>Every event can be stored: its text is cleaned (control characters such as NUL, which
 * PostgreSQL cannot store, become visible escapes (a backslash, {@code u} and four hex digits); unpaired surrogates become
 * U+FFFD) and bounded to the columns of {@code audit_event} (an over-long value keeps its start and
 * ends with {@value #TRUNCATED}); the details keep at most {@value #MAX_DETAIL_CHARS} characters of
 * keys and text in all. A claimed client_id is whatever a caller sent, so this is enforced here,
 * once, for every event.
 */
public record AuditEvent(Instant occurredAt, String type, String outcome, String clientId, String service, String requestId,
        Map<String, Object> details) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** The end of a value that was cut to fit its column. */
    public static final String TRUNCATED = "...[truncated]";
    /** Column sizes of audit_event (V5__audit_event.sql). */
    static final int MAX_TYPE = 64;
    static final int MAX_OUTCOME = 16;
    static final int MAX_CLIENT_ID = 255;
    static final int MAX_SERVICE = 64;
    static final int MAX_REQUEST_ID = 64;
    /** Budget of the details: characters of keys and text values together. */
    static final int MAX_DETAIL_CHARS = 8192;
    static final int MAX_DETAIL_VALUE = 1024;
    static final int MAX_DETAIL_KEY = 64;
    static final int MAX_DETAIL_DEPTH = 3;
    /** Marks details from which entries were left out for want of budget. */
    static final String DETAILS_TRUNCATED = "details_truncated";

    public AuditEvent {
        occurredAt = occurredAt == null ? Instant.now() : occurredAt;
        type = bounded(type == null ? "unknown" : type, MAX_TYPE);
        outcome = bounded(outcome == null ? "unknown" : outcome, MAX_OUTCOME);
        clientId = bounded(clientId, MAX_CLIENT_ID);
        service = bounded(service == null ? "unknown" : service, MAX_SERVICE);
        requestId = bounded(requestId, MAX_REQUEST_ID);
        details = details == null ? Map.of() : cleanDetails(details);
    }

    /** {@code s} cleaned, and cut to {@code max} characters with the {@link #TRUNCATED} marker when longer. */
    static String bounded(String s, int max) {
        if (s == null) {
            return null;
        }
        String c = clean(s);
        if (c.length() <= max) {
            return c;
        }
        int keep = max - TRUNCATED.length();
        if (keep > 0 && Character.isHighSurrogate(c.charAt(keep - 1))) {
            keep--;
        }
        return c.substring(0, Math.max(0, keep)) + TRUNCATED;
    }

    /** Control characters (C0, DEL, C1) as visible escapes (backslash, u, four hex digits); unpaired surrogates as U+FFFD. */
    static String clean(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && ordinary(s, i)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(ch).append(s.charAt(++i));
            } else if (Character.isSurrogate(ch)) {
                b.append('\uFFFD');
            } else if (control(ch)) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    private static boolean ordinary(String s, int i) {
        char ch = s.charAt(i);
        return !control(ch) && !Character.isSurrogate(ch);
    }

    private static boolean control(char ch) {
        return ch < 0x20 || (ch >= 0x7f && ch < 0xa0);
    }

    private static Map<String, Object> cleanDetails(Map<String, Object> details) {
        int[] budget = { MAX_DETAIL_CHARS };
        return cleanMap(details, budget, 1);
    }

    private static Map<String, Object> cleanMap(Map<?, ?> in, int[] budget, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : in.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String key = bounded(String.valueOf(e.getKey()), MAX_DETAIL_KEY);
            budget[0] -= key.length();
            Object value = budget[0] > 0 ? cleanValue(e.getValue(), budget, depth) : null;
            if (value == null) {
                out.put(DETAILS_TRUNCATED, true);
                break;
            }
            out.put(key, value);
        }
        return out;
    }

    /** The value cleaned and bounded, or null when the budget is spent. */
    private static Object cleanValue(Object v, int[] budget, int depth) {
        if ((v instanceof Double d && !Double.isFinite(d)) || (v instanceof Float f && !Float.isFinite(f))) {
            return v.toString(); // JSON has no NaN or Infinity
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Map<?, ?> m && depth < MAX_DETAIL_DEPTH) {
            return cleanMap(m, budget, depth + 1);
        }
        if (v instanceof Collection<?> c && depth < MAX_DETAIL_DEPTH) {
            List<Object> out = new ArrayList<>();
            for (Object item : c) {
                Object x = item == null || budget[0] <= 0 ? null : cleanValue(item, budget, depth + 1);
                if (x == null) {
                    break;
                }
                out.add(x);
            }
            return out;
        }
        String s = bounded(String.valueOf(v), Math.min(MAX_DETAIL_VALUE, Math.max(TRUNCATED.length() + 1, budget[0])));
        budget[0] -= s.length();
        return s;
    }
}
