package org.mtlssuite.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * {@link OAuthClient#COLUMNS} is the one list of the client's columns: the read
 * ({@link OAuthClient#SELECT_BY_ID}, {@link OAuthClient#fromRow}) and the writes (insert, update) follow
 * it, and each field of the client is exactly one of its columns, in field order. A column added to the
 * class but not to the list or a statement (or the reverse) fails here. That each value survives a
 * write and a read in PostgreSQL is checked in the AS (ClientRowReadTest).
 */
class OAuthClientRowTest {

    /** The two values of each column read through a converter (other text columns hold "a&lt;n&gt;" and "b&lt;n&gt;"). */
    private static final Map<String, List<String>> CONVERTED = Map.of(
            "token_endpoint_auth_method", List.of("tls_client_auth", "none"),
            "grant_types", List.of("client_credentials", "authorization_code refresh_token"));

    @Test
    void selectNamesEveryColumnInOrder() {
        List<String> columns = OAuthClient.COLUMNS;
        assertEquals(24, columns.size(), "columns of OAuthClient");
        assertEquals(columns.size(), new HashSet<>(columns).size(), "a column named twice: " + columns);
        assertEquals(columns, selectList(OAuthClient.SELECT_BY_ID));
        assertEquals(" from oauth_client where client_id = ?",
                OAuthClient.SELECT_BY_ID.substring(OAuthClient.SELECT_BY_ID.indexOf(" from ")));
        assertEquals(columns, selectList(OAuthClient.SELECT_ALL));
    }

    @Test
    void everyFieldIsReadFromExactlyOneColumnInFieldOrder() throws Exception {
        List<Field> fields = instanceFields();
        assertEquals(OAuthClient.COLUMNS.size(), fields.size(), "fields of OAuthClient: " + fields);
        OAuthClient base = OAuthClient.fromRow(row(-1));
        List<String> fieldOfColumn = new ArrayList<>();
        for (int column = 1; column <= OAuthClient.COLUMNS.size(); column++) {
            OAuthClient changed = OAuthClient.fromRow(row(column));
            List<String> differing = new ArrayList<>();
            for (Field f : fields) {
                if (!Objects.equals(f.get(base), f.get(changed))) {
                    differing.add(f.getName());
                }
            }
            assertEquals(1, differing.size(), OAuthClient.COLUMNS.get(column - 1) + " is read into " + differing);
            fieldOfColumn.add(differing.get(0));
        }
        assertEquals(fields.stream().map(Field::getName).toList(), fieldOfColumn,
                "the field each column is read into, in COLUMNS order");
    }

    @Test
    void insertWritesEachFieldToTheColumnItIsReadFrom() throws Exception {
        // Every column holds its second value, so that no field keeps a default of the class.
        OAuthClient client = OAuthClient.fromRow(row(0));
        Object[] written = client.columnValues();
        assertEquals(OAuthClient.COLUMNS.size(), written.length);
        for (int column = 1; column <= written.length; column++) {
            Object read = value(column, true);
            Object expected = read instanceof Timestamp t ? t.toInstant() : read;
            assertEquals(expected, written[column - 1], OAuthClient.COLUMNS.get(column - 1));
        }
        assertEquals("insert into oauth_client (" + String.join(", ", OAuthClient.COLUMNS) + ") values ("
                + String.join(", ", OAuthClient.COLUMNS.stream().map(c -> "?").toList()) + ")", OAuthClient.INSERT);
    }

    @Test
    void updateWritesEveryColumnButTheKeyAndTheCreationTime() {
        String update = OAuthClient.UPDATE;
        String prefix = "update oauth_client set ";
        String suffix = " where client_id = ?";
        assertEquals(prefix, update.substring(0, prefix.length()));
        assertEquals(suffix, update.substring(update.length() - suffix.length()));
        List<String> set = Arrays.stream(update.substring(prefix.length(), update.length() - suffix.length()).split(","))
                .map(String::trim).toList();
        List<String> mutable = OAuthClient.COLUMNS.stream().filter(c -> !c.equals("client_id") && !c.equals("created_at"))
                .map(c -> c + " = ?").toList();
        assertEquals(22, mutable.size());
        assertEquals(mutable, set);
    }

    private static List<String> selectList(String select) {
        return Arrays.stream(select.substring("select ".length(), select.indexOf(" from ")).split(","))
                .map(String::trim).toList();
    }

    private static List<Field> instanceFields() {
        List<Field> fields = new ArrayList<>();
        for (Field f : OAuthClient.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    /**
     * A row whose columns hold their first value, except {@code second} (every column when 0, none
     * when negative), which holds its second. Only the getters a row mapping uses answer.
     */
    private static ResultSet row(int second) {
        return (ResultSet) Proxy.newProxyInstance(OAuthClientRowTest.class.getClassLoader(), new Class<?>[] { ResultSet.class },
                (proxy, method, args) -> {
                    if (args == null || !(args[0] instanceof Integer column)) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    Object v = value(column, second == 0 || second == column);
                    switch (method.getName()) {
                        case "getString":
                            return (String) v;
                        case "getBoolean":
                            return (Boolean) v;
                        case "getTimestamp":
                            return (Timestamp) v;
                        case "getObject":
                            if (args.length == 2 && args[1] == OffsetDateTime.class) {
                                return ((Timestamp) v).toInstant().atOffset(ZoneOffset.UTC);
                            }
                            throw new UnsupportedOperationException(method.toString());
                        default:
                            throw new UnsupportedOperationException(method.toString());
                    }
                });
    }

    /** The first or second value of a column, of the type its SQL type reads as. */
    private static Object value(int column, boolean second) {
        String name = OAuthClient.COLUMNS.get(column - 1);
        Set<String> booleans = Set.of("tls_client_certificate_bound_access_tokens", "introspection_allowed",
                "registered_dynamically", "enabled");
        if (booleans.contains(name)) {
            return second;
        }
        if (name.endsWith("_at")) {
            return Timestamp.from(Instant.parse("2024-05-01T10:15:30.123456Z").plusSeconds(second ? column * 60L : column));
        }
        List<String> converted = CONVERTED.get(name);
        if (converted != null) {
            assertNotEquals(converted.get(0), converted.get(1));
            return converted.get(second ? 1 : 0);
        }
        return (second ? "b" : "a") + column;
    }
}
