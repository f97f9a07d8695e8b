package org.mtlssuite.authz.user;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.mtlssuite.crypto.PasswordHash;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** End-user accounts: password login for the authorization endpoint, and their administration. */
@ApplicationScoped
public class EndUsers {

    private static final Logger LOG = Logger.getLogger(EndUsers.class);
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,255}");
    /** bcrypt reads at most 72 bytes; a longer password would be silently truncated. */
    static final int MAX_PASSWORD_BYTES = 72;
    static final int MIN_PASSWORD_LENGTH = 8;

    /** The username when the password is right and the account enabled; empty otherwise, in about the same time. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> authenticate(String username, String password) {
        EndUser user = username == null || !USERNAME.matcher(username).matches() ? null : EndUser.findById(username);
        boolean ok = PasswordHash.verify(password, user == null ? null : user.passwordHash);
        return ok && user.enabled ? Optional.of(user.username) : Optional.empty();
    }

    /** Creates or replaces an account; true when it was created. */
    @Transactional
    public boolean put(String username, String password, boolean enabled) {
        requireValid(username, password);
        EndUser user = EndUser.findById(username);
        boolean created = user == null;
        if (created) {
            user = new EndUser();
            user.username = username;
        }
        user.passwordHash = PasswordHash.hash(password);
        user.enabled = enabled;
        user.updatedAt = Instant.now();
        if (created) {
            user.persist();
        }
        LOG.infof("end user %s: %s", created ? "created" : "updated", username);
        return created;
    }

    @Transactional
    public boolean delete(String username) {
        boolean deleted = EndUser.deleteById(username);
        if (deleted) {
            LOG.infof("end user deleted: %s", username);
        }
        return deleted;
    }

    static void requireValid(String username, String password) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 1-255 characters of A-Z a-z 0-9 . _ @ + -");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH
                || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD_LENGTH + " characters and at most "
                    + MAX_PASSWORD_BYTES + " bytes");
        }
    }
}
