package org.mtlssuite.resource.accounts;

import java.util.ArrayList;
import java.util.List;

import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.InputValidation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The one owner of the {@code account} table: each read a prepared statement through {@link GuardedJdbc}
 * (the sample RS has no ORM), and only ever the accounts of one subject.
 */
@Singleton
public class Accounts {

    /** The listing of a subject's accounts (every bound call of the sample API's list): only the three columns it shows. */
    static final String LISTING = "select id, currency, nickname from account where owner = ? order by id";
    static final String ONE_OWNED = "select id, owner, currency, balance, nickname from account where id = ? and owner = ?";

    /** An account as the list shows it. */
    public record Listed(String id, String currency, String nickname) {
    }

    private final GuardedJdbc jdbc;

    @Inject
    public Accounts(GuardedJdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The subject's accounts in id order. */
    public List<Listed> listedFor(String subject) {
        return jdbc.query(LISTING, ps -> ps.setString(1, subject), rs -> {
            List<Listed> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
            return out;
        }, "accounts list");
    }

    /** The subject's account, or null when it does not exist or belongs to someone else (the same to the caller). */
    public Account ownedOrNull(String id, String subject) {
        // An id PostgreSQL could not store (NUL, broken UTF-8, longer than the column) names no account.
        if (id == null || subject == null || !InputValidation.acceptable(id, 64)) {
            return null;
        }
        return jdbc.query(ONE_OWNED, ps -> {
            ps.setString(1, id);
            ps.setString(2, subject);
        }, rs -> rs.next()
                ? new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5))
                : null, "account read");
    }
}
