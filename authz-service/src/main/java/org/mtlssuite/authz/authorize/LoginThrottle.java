package org.mtlssuite.authz.authorize;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.token.OpaqueToken;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Locale;
import org.mtlssuite.store.AdvisoryLocks;

/**
 * Password guessing at the login page, limited across authorization requests and replicas
 * (PostgreSQL): failures are counted per submitted user name and per caller address. Once a count
 * reaches its limit the name (or address) is locked for {@code lockout}, doubled at each further
 * failure up to {@code max-lockout}; while locked, a login is refused before the password is
 * checked, the same way for a name that exists and one that does not. A successful login clears
 * the user's count (not the address's: one known password must not reset guessing at others).
 * The owner of table {@code login_throttle}: its SQL is all here.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    private static final long CLEANUP_LOCK = 0x6d746c73_6c6f6769L; // "mtlslogi"

    @Inject
    LoginThrottleConfig config;

    @Inject
    GuardedJdbc db;

    /** How long the caller must wait, when the user name or the address is locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Duration> lockedFor(String username, String address) {
        Instant until = null;
        for (String key : new String[] { userKey(username), addressKey(address) }) {
            if (key == null) {
                continue;
            }
            Instant t = db.one("select locked_until from login_throttle where throttle_key = ? and locked_until > now()",
                    GuardedJdbc.values(key), rs -> GuardedJdbc.instant(rs, 1), "login throttle read").orElse(null);
            if (t != null && (until == null || t.isAfter(until))) {
                until = t;
            }
        }
        if (until == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(Instant.now(), until));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordFailure(String username, String address) {
        count(userKey(username), config.perUser(), "user");
        count(addressKey(address), config.perAddress(), "address");
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordSuccess(String username) {
        String key = userKey(username);
        if (key != null) {
            db.update("delete from login_throttle where throttle_key = ?", GuardedJdbc.values(key), "login throttle reset");
        }
    }

    private void count(String key, int limit, String kind) {
        if (key == null || limit <= 0) {
            return;
        }
        Instant forgetBefore = Instant.now().minus(config.forgetAfter());
        int n = db.query("insert into login_throttle (throttle_key, failures, last_failure_at)"
                + " values (?, 1, now()) on conflict (throttle_key) do update set"
                + " failures = case when login_throttle.last_failure_at < ? then 1 else login_throttle.failures + 1 end,"
                + " last_failure_at = now() returning failures", GuardedJdbc.values(key, forgetBefore),
                rs -> rs.next() ? rs.getInt(1) : 0, "login failure count");
        if (n >= limit) {
            Duration lock = lockout(n - limit);
            db.update("update login_throttle set locked_until = ? where throttle_key = ?",
                    GuardedJdbc.values(Instant.now().plus(lock), key), "login lock");
            LOG.warnf("login locked for %s after %d failed logins (per %s), for %s", kind, n, kind, lock);
        }
    }

    /** lockout * 2^excess, at most max-lockout. */
    Duration lockout(int excess) {
        Duration lock = config.lockout();
        for (int i = 0; i < excess && lock.compareTo(config.maxLockout()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(config.maxLockout()) > 0 ? config.maxLockout() : lock;
    }

    /** Pending requests the address holds beyond its limit: true when a new one must be refused. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tooManyPending(String addressHash) {
        int limit = config.pendingRequestsPerAddress();
        if (limit <= 0 || addressHash == null) {
            return false;
        }
        return PendingAuthorization.countPendingFrom(db, addressHash) >= limit;
    }

    static String userKey(String username) {
        return username == null ? null : OpaqueToken.hash("user:" + username.toLowerCase(Locale.ROOT));
    }

    static String addressKey(String address) {
        return address == null ? null : OpaqueToken.hash("address:" + address);
    }

    /** The stored form of a caller address (pending requests are counted by it). */
    public static String addressHash(String address) {
        return address == null ? null : OpaqueToken.hash("pending:" + address);
    }

    @Scheduled(every = "${authz.revocation.cleanup-interval:10m}", delayed = "55s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetOldFailures() {
        if (!AdvisoryLocks.tryLockForTransaction(db, CLEANUP_LOCK)) {
            return;
        }
        int n = db.update("delete from login_throttle where last_failure_at < ? and (locked_until is null"
                + " or locked_until < now())", GuardedJdbc.values(Instant.now().minus(config.forgetAfter())), "old login failures delete");
        if (n > 0) {
            LOG.infof("forgot %d old login failure counts", n);
        }
    }
}
