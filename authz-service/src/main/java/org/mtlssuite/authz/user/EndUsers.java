package org.mtlssuite.authz.user;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.grant.GrantFamilies;
import org.mtlssuite.crypto.PasswordHash;
import org.mtlssuite.database.GuardedJdbc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.store.ColumnLimits;

/** End-user accounts: password login for the authorization endpoint, and their administration. */
@ApplicationScoped
public class EndUsers {

    private static final Logger LOG = Logger.getLogger(EndUsers.class);

    @Inject
    GuardedJdbc db;

    @Inject
    GrantFamilies grants;
    /** At most {@link org.mtlssuite.store.ColumnLimits#USERNAME} characters: end_user.username varchar(255). */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1," + ColumnLimits.USERNAME + "}");
    static final String USERNAME_RULE = "username must be 1-255 characters of A-Z a-z 0-9 . _ @ + -";
    /** bcrypt reads at most 72 bytes; a longer password would be silently truncated. */
    static final int MAX_PASSWORD_BYTES = 72;
    static final int MIN_PASSWORD_LENGTH = 8;

    /** The username when the password is right and the account enabled; empty otherwise, in about the same time. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> authenticate(String username, String password) {
        EndUser user = username == null || !USERNAME.matcher(username).matches() ? null : EndUser.find(db, username);
        boolean ok = PasswordHash.verify(password, user == null ? null : user.passwordHash);
        return ok && user.enabled ? Optional.of(user.username) : Optional.empty();
    }

    /**
     * Creates or replaces an account; true when it was created. Disabling an account ends what it
     * granted: its unredeemed codes are dropped and its grants revoked (refresh tokens and the
     * access tokens issued under them), and enabling it again does not bring them back.
     */
    @Transactional
    public boolean put(String username, String password, boolean enabled) {
        requireValid(username, password);
        if (!enabled) {
            grants.forgetUnredeemedCodes(username);
        }
        // Locked: a code redemption running now either finishes first (and its grant is revoked
        // below) or waits and sees the account disabled (GrantFamilies.start).
        EndUser user = EndUser.findForUpdate(db, username);
        boolean created = user == null;
        if (created) {
            user = new EndUser();
            user.username = username;
            user.passwordHash = PasswordHash.hash(password);
            user.enabled = enabled;
            user.insert(db);
        } else {
            user.updateLogin(db, PasswordHash.hash(password), enabled, Instant.now());
        }
        LOG.infof("end user %s: %s", created ? "created" : "updated", username);
        if (!created && !enabled) {
            int revoked = grants.revokeAllOf(username, "user disabled");
            LOG.infof("end user %s disabled: %d grants revoked", username, revoked);
        }
        return created;
    }

    /** Deletes an account and revokes everything it granted; false when there was none. */
    @Transactional
    public boolean delete(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(USERNAME_RULE);
        }
        grants.forgetUnredeemedCodes(username);
        EndUser user = EndUser.findForUpdate(db, username);
        if (user == null) {
            return false;
        }
        user.delete(db);
        int revoked = grants.revokeAllOf(username, "user deleted");
        LOG.infof("end user deleted: %s (%d grants revoked)", username, revoked);
        return true;
    }

    /** OpenID Connect standard claims of a user; null fields are absent. */
    public record Profile(String name, String email, boolean emailVerified) {

        static final int MAX_NAME = 255;
        static final int MAX_EMAIL = 320;

        /** Refuses values the claims cannot carry: control characters, over-long values, an email without a local part and a domain. */
        public Profile {
            if (name != null && (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl))) {
                throw new IllegalArgumentException("name must be 1-" + MAX_NAME + " characters without control characters");
            }
            if (email != null) {
                int at = email.lastIndexOf('@');
                if (email.length() > MAX_EMAIL || at <= 0 || at == email.length() - 1
                        || email.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                    throw new IllegalArgumentException("email must be an address like user@example.com, at most " + MAX_EMAIL
                            + " characters");
                }
            }
            if (email == null && emailVerified) {
                throw new IllegalArgumentException("email_verified needs an email");
            }
        }
    }

    /** Sets the user's OpenID Connect claims; false when there is no such user. */
    @Transactional
    public boolean updateProfile(String username, Profile profile) {
        return username != null
                && EndUser.updateProfile(db, username, profile.name(), profile.email(), profile.emailVerified(), Instant.now());
    }

    /** The account as the admin API shows it (never the password hash); empty when unknown. */
    @Transactional
    public Optional<Map<String, Object>> describe(String username) {
        EndUser user = username == null ? null : EndUser.find(db, username);
        if (user == null) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", user.username);
        out.put("enabled", user.enabled);
        if (user.name != null) {
            out.put("name", user.name);
        }
        if (user.email != null) {
            out.put("email", user.email);
        }
        out.put("email_verified", user.emailVerified);
        return Optional.of(out);
    }

    static void requireValid(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(USERNAME_RULE);
        }
        String problem = InputValidation.problem(password, MAX_PASSWORD_BYTES);
        if (problem != null) {
            // bcrypt would hash a NUL or a replacement character as given: refuse what cannot be typed back.
            throw new IllegalArgumentException("password " + problem);
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD_LENGTH + " characters and at most "
                    + MAX_PASSWORD_BYTES + " bytes");
        }
    }
}
