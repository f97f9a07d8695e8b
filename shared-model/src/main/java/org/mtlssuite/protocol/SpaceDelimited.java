package org.mtlssuite.protocol;

import java.util.Arrays;
import java.util.List;

/** RFC 6749 space-delimited lists (scope, and our grant_types/audience columns). */
public final class SpaceDelimited {

    private SpaceDelimited() {
    }

    public static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.trim().split("\\s+")).toList();
    }
}
