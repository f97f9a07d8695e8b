package org.mtlssuite.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.persistence.Column;

/**
 * The JDBC read of a client ({@link OAuthClient#SELECT_BY_ID}, {@link OAuthClient#fromRow}) names every
 * column the entity maps, in the order of its fields: a column added to the entity but not to the
 * statement (or the reverse) fails here, before a client read without the ORM lacks it. That each
 * value reads back as the ORM reads it is checked against PostgreSQL in the AS (ClientRowReadTest).
 */
class OAuthClientRowTest {

    @Test
    void selectNamesEveryMappedColumnInFieldOrder() {
        List<String> mapped = Arrays.stream(OAuthClient.class.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(Column.class))
                .map(f -> f.getAnnotation(Column.class).name())
                .toList();
        String select = OAuthClient.SELECT_BY_ID;
        List<String> selected = Arrays.stream(select.substring("select ".length(), select.indexOf(" from "))
                .split(",")).map(String::trim).toList();
        assertEquals(24, mapped.size(), "columns mapped by OAuthClient");
        assertEquals(mapped, selected);
        assertEquals(" from oauth_client where client_id = ?", select.substring(select.indexOf(" from ")));
    }

    @Test
    void everyMappedFieldIsAColumnField() {
        // A field without @Column would be mapped by name and missed by the comparison above.
        for (Field f : OAuthClient.class.getDeclaredFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && !f.getName().startsWith("$$")) {
                assertEquals(true, f.isAnnotationPresent(Column.class), f.getName() + " has no @Column");
            }
        }
    }
}
