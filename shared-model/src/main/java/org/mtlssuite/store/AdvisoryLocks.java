package org.mtlssuite.store;

import jakarta.persistence.EntityManager;

/**
 * PostgreSQL transaction-scoped advisory locks: work that one replica must do alone (key rotation,
 * clean-up jobs). Released when the surrounding transaction ends.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Takes the lock if free; false when another replica holds it (the caller skips its turn). */
    public static boolean tryLockForTransaction(EntityManager em, long key) {
        Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, key).getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /** Waits for the lock. */
    public static void lockForTransaction(EntityManager em, long key) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, key).getSingleResult();
    }
}
