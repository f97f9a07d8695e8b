package org.mtlssuite.store;

import static org.mtlssuite.database.GuardedJdbc.values;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.mtlssuite.database.GuardedJdbc;

/**
 * An AS signing key: its public JWK in clear, its private key sealed (see the AS's key protection).
 * Owner of the table {@code signing_key} (outside the AS, {@link TokenVerificationKeys} reads its public
 * JWKs with a statement of its own). Nothing is written unless one of these methods writes it.
 */
public class SigningKey {

    public static final String NEXT = "next";
    public static final String CURRENT = "current";
    public static final String RETIRED = "retired";

    /** Every column, in the order {@link #fromRow} reads them and {@link #insert} writes them. */
    public static final String COLUMNS = "kid, algorithm, status, public_jwk, private_key_sealed, created_at, activated_at,"
            + " retired_at, seal_version";

    public String kid;

    public String algorithm;

    public String status;

    public String publicJwk;

    public byte[] privateKeySealed;

    public Instant createdAt = Instant.now();

    public Instant activatedAt;

    public Instant retiredAt;

    /** How {@link #privateKeySealed} is sealed: {@link SigningKeySealing#V1_SHA256} or {@link SigningKeySealing#V2_HKDF}. */
    public int sealVersion = SigningKeySealing.V1_SHA256;

    /** The key in the current row of a query that selects {@link #COLUMNS}. */
    public static SigningKey fromRow(ResultSet rs) throws SQLException {
        SigningKey k = new SigningKey();
        k.kid = rs.getString("kid");
        k.algorithm = rs.getString("algorithm");
        k.status = rs.getString("status");
        k.publicJwk = rs.getString("public_jwk");
        k.privateKeySealed = rs.getBytes("private_key_sealed");
        k.createdAt = GuardedJdbc.instant(rs, "created_at");
        k.activatedAt = GuardedJdbc.instant(rs, "activated_at");
        k.retiredAt = GuardedJdbc.instant(rs, "retired_at");
        k.sealVersion = rs.getInt("seal_version");
        return k;
    }

    public void insert(GuardedJdbc db) {
        db.update("insert into signing_key (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values(kid, algorithm, status, publicJwk, privateKeySealed, createdAt, activatedAt, retiredAt, sealVersion),
                "signing key insert");
    }

    /** The key with this kid, or null. */
    public static SigningKey find(GuardedJdbc db, String kid) {
        return db.one("select " + COLUMNS + " from signing_key where kid = ?", values(kid), SigningKey::fromRow,
                "signing key read").orElse(null);
    }

    /** Keys whose public part is published: next, current and retired ones still within the token lifetime. */
    public static List<SigningKey> published(GuardedJdbc db) {
        return db.list("select " + COLUMNS + " from signing_key order by created_at", GuardedJdbc.NONE, SigningKey::fromRow,
                "signing key list");
    }

    /** The next and current keys of every family. */
    public static List<SigningKey> notRetired(GuardedJdbc db) {
        return db.list("select " + COLUMNS + " from signing_key where status <> ?", values(RETIRED), SigningKey::fromRow,
                "signing key list");
    }

    /** A key of this status in the algorithm's family (a family has one of each), or null. */
    public static SigningKey withStatus(GuardedJdbc db, String status, String algorithm) {
        return db.one("select " + COLUMNS + " from signing_key where status = ? and algorithm = ? limit 1",
                values(status, algorithm), SigningKey::fromRow, "signing key read").orElse(null);
    }

    public static long countWithStatus(GuardedJdbc db, String status, String algorithm) {
        return db.count("select count(*) from signing_key where status = ? and algorithm = ?", values(status, algorithm),
                "signing key count");
    }

    /** The current key activated first, of all families, or null. */
    public static SigningKey oldestCurrent(GuardedJdbc db) {
        return db.one("select " + COLUMNS + " from signing_key where status = ? order by activated_at limit 1",
                values(CURRENT), SigningKey::fromRow, "signing key read").orElse(null);
    }

    public static List<SigningKey> sealedWith(GuardedJdbc db, int sealVersion) {
        return db.list("select " + COLUMNS + " from signing_key where seal_version = ?", values(sealVersion),
                SigningKey::fromRow, "signing key list");
    }

    public static long countSealedWith(GuardedJdbc db, int sealVersion) {
        return db.count("select count(*) from signing_key where seal_version = ?", values(sealVersion), "signing key count");
    }

    /** Drops the retired keys retired before {@code horizon}; how many. */
    public static int deleteRetiredBefore(GuardedJdbc db, Instant horizon) {
        return db.update("delete from signing_key where status = ? and retired_at < ?", values(RETIRED, horizon),
                "signing key delete");
    }

    public void delete(GuardedJdbc db) {
        db.update("delete from signing_key where kid = ?", values(kid), "signing key delete");
    }

    /** The key stops signing; it stays published until {@link #deleteRetiredBefore} drops it. */
    public void retire(GuardedJdbc db, Instant at) {
        status = RETIRED;
        retiredAt = at;
        db.update("update signing_key set status = ?, retired_at = ? where kid = ?", values(status, retiredAt, kid),
                "signing key retirement");
    }

    /** The key becomes its family's current key. */
    public void activate(GuardedJdbc db, Instant at) {
        status = CURRENT;
        activatedAt = at;
        db.update("update signing_key set status = ?, activated_at = ? where kid = ?", values(status, activatedAt, kid),
                "signing key activation");
    }

    /** Replaces the sealed private key with the same key sealed as {@code version}. */
    public void reseal(GuardedJdbc db, byte[] sealed, int version) {
        privateKeySealed = sealed;
        sealVersion = version;
        db.update("update signing_key set private_key_sealed = ?, seal_version = ? where kid = ?",
                values(privateKeySealed, sealVersion, kid), "signing key re-seal");
    }
}
