package org.mtlssuite.resource.payments;

import java.sql.Timestamp;

import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.InputValidation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The one owner of the {@code payment} table: one prepared statement per write or read through
 * {@link GuardedJdbc} (the sample RS has no ORM). A payment is one row written in one statement, so it
 * needs no transaction around it; the foreign key keeps it from naming an account that does not exist.
 */
@Singleton
public class Payments {

    static final String INSERT = "insert into payment (id, client_id, from_account, amount, currency, creditor_name,"
            + " creditor_iban, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String ONE = "select id, client_id, from_account, amount, currency, creditor_name, creditor_iban,"
            + " created_at from payment where id = ?";

    private final GuardedJdbc jdbc;

    @Inject
    public Payments(GuardedJdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Payment p) {
        jdbc.update(INSERT, ps -> {
            ps.setString(1, p.id());
            ps.setString(2, p.clientId());
            ps.setString(3, p.fromAccount());
            ps.setBigDecimal(4, p.amount());
            ps.setString(5, p.currency());
            ps.setString(6, p.creditorName());
            ps.setString(7, p.creditorIban());
            ps.setTimestamp(8, Timestamp.from(p.createdAt()));
        }, "payment insert");
    }

    /** The payment with this id, or null (also for an id PostgreSQL could not store). */
    public Payment findOrNull(String id) {
        if (id == null || !InputValidation.acceptable(id, 64)) {
            return null;
        }
        return jdbc.query(ONE, ps -> ps.setString(1, id), rs -> rs.next()
                ? new Payment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant())
                : null, "payment read");
    }
}
