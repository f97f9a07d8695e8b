package org.mtlssuite.authz.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.mtlssuite.database.GuardedJdbc;

/**
 * A person who logs in at the authorization endpoint; the password is kept only as a bcrypt hash.
 * A row of {@code end_user}, whose SQL is all here.
 */
public class EndUser {

    private static final String COLUMNS = "username, password_hash, enabled, name, email, email_verified, created_at, updated_at";

    public String username;

    public String passwordHash;

    public boolean enabled = true;

    /** OpenID Connect standard claims (scope profile: name; scope email: email, email_verified). */
    public String name;

    public String email;

    public boolean emailVerified;

    public Instant createdAt = Instant.now();

    public Instant updatedAt = Instant.now();

    static EndUser fromRow(ResultSet rs) throws SQLException {
        EndUser u = new EndUser();
        u.username = rs.getString("username");
        u.passwordHash = rs.getString("password_hash");
        u.enabled = rs.getBoolean("enabled");
        u.name = rs.getString("name");
        u.email = rs.getString("email");
        u.emailVerified = rs.getBoolean("email_verified");
        u.createdAt = GuardedJdbc.instant(rs, "created_at");
        u.updatedAt = GuardedJdbc.instant(rs, "updated_at");
        return u;
    }

    /** The account, or null when there is none. */
    public static EndUser find(GuardedJdbc db, String username) {
        return select(db, "", username, "end user read");
    }

    /** The account, kept from being changed or deleted (not from other readers) until the transaction ends; null when none. */
    public static EndUser findForShare(GuardedJdbc db, String username) {
        return select(db, " for share", username, "end user read for share");
    }

    /** The account locked for this transaction's change; null when none. */
    public static EndUser findForUpdate(GuardedJdbc db, String username) {
        return select(db, " for no key update", username, "end user read for update");
    }

    private static EndUser select(GuardedJdbc db, String lock, String username, String what) {
        return db.one("select " + COLUMNS + " from end_user where username = ?" + lock, GuardedJdbc.values(username),
                EndUser::fromRow, what).orElse(null);
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into end_user (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)", GuardedJdbc.values(username,
                passwordHash, enabled, name, email, emailVerified, createdAt, updatedAt), "end user insert");
    }

    /** Replaces the password (as its hash) and whether the account may log in. */
    public void updateLogin(GuardedJdbc db, String passwordHash, boolean enabled, Instant updatedAt) {
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.updatedAt = updatedAt;
        db.update("update end_user set password_hash = ?, enabled = ?, updated_at = ? where username = ?",
                GuardedJdbc.values(passwordHash, enabled, updatedAt, username), "end user login update");
    }

    /** Replaces the OpenID Connect claims of the account; false when there is no such account. */
    public static boolean updateProfile(GuardedJdbc db, String username, String name, String email, boolean emailVerified,
            Instant updatedAt) {
        return db.update("update end_user set name = ?, email = ?, email_verified = ?, updated_at = ? where username = ?",
                GuardedJdbc.values(name, email, emailVerified, updatedAt, username), "end user profile update") > 0;
    }

    /** Deletes the account; its login sessions and consents go with it (on delete cascade). */
    public void delete(GuardedJdbc db) {
        db.update("delete from end_user where username = ?", GuardedJdbc.values(username), "end user delete");
    }
}
