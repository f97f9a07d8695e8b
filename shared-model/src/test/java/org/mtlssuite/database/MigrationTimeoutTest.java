package org.mtlssuite.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** Flyway's connections read with the migration time-out and give the pool's time-out back when returned. */
class MigrationTimeoutTest {

    /** A pooled connection that only records its network time-out and whether it was closed. */
    static final class Pooled {
        int networkTimeout = 5000;
        boolean closed;
        final List<Integer> timeouts = new ArrayList<>();

        Connection connection() {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                    (proxy, method, args) -> switch (method.getName()) {
                    case "getNetworkTimeout" -> networkTimeout;
                    case "setNetworkTimeout" -> {
                        networkTimeout = (Integer) args[1];
                        timeouts.add(networkTimeout);
                        yield null;
                    }
                    case "isClosed" -> closed;
                    case "close" -> {
                        closed = true;
                        yield null;
                    }
                    case "getAutoCommit" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aMigrationConnectionReadsLongerAndIsReturnedWithThePoolsTimeOut() throws Exception {
        Pooled pooled = new Pooled();
        DataSource pool = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> method.getName().equals("getConnection") ? pooled.connection() : null);
        DataSource flyway = new MigrationTimeout.LongerReads(pool, 600_000);

        Connection c = flyway.getConnection();
        assertEquals(600_000, c.getNetworkTimeout(), "Flyway reads with the migration time-out");
        assertTrue(c.getAutoCommit(), "other calls reach the pooled connection");
        c.close();
        assertTrue(pooled.closed, "returned to the pool");
        assertEquals(List.of(600_000, 5000), pooled.timeouts, "and with the pool's own time-out again");
    }
}
