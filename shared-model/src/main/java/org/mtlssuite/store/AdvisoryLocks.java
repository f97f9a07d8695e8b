package org.mtlssuite.store;

import org.mtlssuite.database.GuardedJdbc;

/**
 * PostgreSQL transaction-scoped advisory locks: work that one replica must do alone (key rotation,
 * clean-up jobs). Taken on the surrounding JTA transaction's connection and released when it ends;
 * called outside a transaction, the lock would end with its own statement.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Takes the lock if free; false when another replica holds it (the caller skips its turn). */
    public static boolean tryLockForTransaction(GuardedJdbc db, long key) {
        return db.query("select pg_try_advisory_xact_lock(?)", GuardedJdbc.values(key),
                rs -> rs.next() && rs.getBoolean(1), "advisory lock " + key);
    }

    /** Waits for the lock. */
    public static void lockForTransaction(GuardedJdbc db, long key) {
        db.query("select pg_advisory_xact_lock(?)", GuardedJdbc.values(key), rs -> rs.next(), "advisory lock " + key);
    }
}
