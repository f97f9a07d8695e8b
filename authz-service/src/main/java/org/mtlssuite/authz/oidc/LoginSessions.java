package org.mtlssuite.authz.oidc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.user.EndUser;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.SpaceDelimited;
import org.mtlssuite.token.OpaqueToken;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.mtlssuite.store.AdvisoryLocks;

/**
 * Login sessions at the AS: started by a password login at the authorization endpoint, carried by a
 * {@code __Host-} cookie (Secure, HttpOnly, SameSite=Lax), ended by RP-Initiated Logout, by an
 * administrator, by their lifetime, or when the user is disabled or deleted.
 */
@ApplicationScoped
public class LoginSessions {

    private static final Logger LOG = Logger.getLogger(LoginSessions.class);
    /** {@code __Host-}: Secure, host-only, Path=/, so no sibling host can set or read it. */
    public static final String COOKIE = "__Host-mtls-suite-session";
    private static final long CLEANUP_LOCK = 0x6d746c73_73657373L; // "mtlssess"

    /** A session as the authorization endpoint uses it. */
    public record Active(String username, Instant authTime, List<String> amr) {
    }

    /** A session just started: the cookie value to set, and its lifetime in seconds. */
    public record Started(String cookieValue, long maxAgeSeconds, Active session) {
    }

    @Inject
    OidcConfig config;

    @Inject
    GuardedJdbc db;

    /** The browser's session when its cookie names one that is unexpired and whose user is still enabled. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Active> find(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != 43) {
            return Optional.empty();
        }
        LoginSession s = LoginSession.find(db, OpaqueToken.hash(cookieValue));
        if (s == null || !Instant.now().isBefore(s.expiresAt)) {
            return Optional.empty();
        }
        EndUser user = EndUser.find(db, s.username);
        if (user == null || !user.enabled) {
            return Optional.empty();
        }
        return Optional.of(new Active(s.username, s.authTime, SpaceDelimited.split(s.amr)));
    }

    /** A new session after a password login; the browser's previous one, if any, ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Started start(String username, List<String> amr, String previousCookieValue) {
        end(previousCookieValue);
        String cookie = OpaqueToken.generate();
        LoginSession s = new LoginSession();
        s.sessionHash = OpaqueToken.hash(cookie);
        s.username = username;
        s.authTime = Instant.now();
        s.amr = String.join(" ", amr);
        s.expiresAt = s.createdAt.plus(config.sessionLifetime());
        s.insert(db);
        LOG.infof("login session started: user=%s", username);
        return new Started(cookie, config.sessionLifetime().toSeconds(), new Active(username, s.authTime, amr));
    }

    /** Ends the session the cookie names; true when there was one. */
    @Transactional
    public boolean end(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != 43) {
            return false;
        }
        return LoginSession.delete(db, OpaqueToken.hash(cookieValue));
    }

    /** Ends every session of a user (admin API); how many there were. */
    @Transactional
    public long endAll(String username) {
        long n = LoginSession.deleteAllOf(db, username);
        LOG.infof("login sessions ended by an administrator: user=%s sessions=%d", username, n);
        return n;
    }

    /** The value that makes the browser forget the session cookie. */
    public static String clearingCookie() {
        return COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
    }

    public static String settingCookie(Started started) {
        return COOKIE + "=" + started.cookieValue() + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" + started.maxAgeSeconds();
    }

    @Scheduled(every = "${authz.revocation.cleanup-interval:10m}", delayed = "50s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void cleanUpExpired() {
        if (!AdvisoryLocks.tryLockForTransaction(db, CLEANUP_LOCK)) {
            return;
        }
        int n = LoginSession.deleteExpired(db, Instant.now());
        if (n > 0) {
            LOG.infof("removed %d expired login sessions", n);
        }
    }
}
