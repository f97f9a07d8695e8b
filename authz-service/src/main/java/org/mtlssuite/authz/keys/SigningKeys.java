package org.mtlssuite.authz.keys;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.store.SigningKey;
import org.mtlssuite.store.SigningKeySealing;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

/**
 * The AS signing keys: kept in PostgreSQL (private part sealed by {@link KeyProtection}), loaded
 * and parsed once, published as a JWK Set. At start a replica makes sure a {@code current} key of
 * the configured algorithm exists, under a PostgreSQL advisory lock so two replicas never both create one.
 */
@Singleton
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long KEY_ADMIN_LOCK = 0x6d746c73_6b657973L; // "mtlskeys"

    /** The key that signs new tokens, parsed. */
    public record ActiveKey(String kid, SignatureAlgorithm algorithm, PrivateKey privateKey) {
    }

    @Inject
    AuthzConfig config;

    @Inject
    KeyProtection protection;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    org.mtlssuite.audit.AuditTrail audit;

    /** Re-seal version-1 keys at start: set it once every replica runs a release with HKDF sealing. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "authz.key-protection.reseal-at-start", defaultValue = "false")
    boolean resealAtStart;

    private volatile ActiveKey active;
    private volatile String jwksJson;

    void onStart(@Observes StartupEvent event) {
        SignatureAlgorithm alg = algorithm(config.token().signingAlgorithm());
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeyAdministration();
            SigningKey current = SigningKey.find("status", SigningKey.CURRENT).firstResult();
            if (current == null || !current.algorithm.equals(alg.getAlgorithm())) {
                if (current != null) {
                    retire(current);
                }
                promoteNextOrCreate(alg);
            }
            if (SigningKey.count("status", SigningKey.NEXT) == 0) {
                create(alg, SigningKey.NEXT).persist();
            }
        });
        if (resealAtStart) {
            reseal();
        }
        reload();
    }

    /**
     * The seal version of new keys, decided under the key lock: version 1 (what replicas of earlier
     * releases can open) as long as any key is still sealed with version 1, version 2 (HKDF) once
     * none is (a new installation, or after {@link #reseal()}). So a rolling upgrade never creates a
     * key that a replica of the previous release cannot open.
     */
    private int sealVersionForNewKeys() {
        return SigningKey.count("sealVersion", SigningKeySealing.V1_SHA256) == 0 ? SigningKeySealing.V2_HKDF
                : SigningKeySealing.V1_SHA256;
    }

    /**
     * Re-seals every version-1 key with version 2 (HKDF), under the key lock. Call it only once no
     * replica of a release before HKDF sealing runs against this database: such a replica cannot
     * open version-2 keys. From then on new keys are version 2 as well.
     *
     * @return how many keys were re-sealed
     */
    public int reseal() {
        int resealed = QuarkusTransaction.requiringNew().call(() -> {
            lockKeyAdministration();
            List<SigningKey> old = SigningKey.list("sealVersion", SigningKeySealing.V1_SHA256);
            for (SigningKey k : old) {
                byte[] pkcs8 = protection.open(k.kid, k.privateKeySealed, SigningKeySealing.V1_SHA256);
                k.privateKeySealed = protection.seal(k.kid, pkcs8, SigningKeySealing.V2_HKDF);
                k.sealVersion = SigningKeySealing.V2_HKDF;
                java.util.Arrays.fill(pkcs8, (byte) 0);
            }
            return old.size();
        });
        if (resealed > 0) {
            LOG.infof("re-sealed %d signing keys with HKDF (seal version 2)", resealed);
            audit.record("signing_keys_resealed", org.mtlssuite.audit.AuditEvent.SUCCESS, null, Map.of("keys", resealed));
        }
        reload();
        return resealed;
    }

    /**
     * Rotation: the next key (already published, so verifiers have it) becomes current, the
     * current one retires (still published until every token it signed has expired), and a new
     * next key is made. One replica at a time (advisory lock); the others pick it up on reload.
     */
    public void rotate() {
        SignatureAlgorithm alg = algorithm(config.token().signingAlgorithm());
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeyAdministration();
            rotateLocked(alg, SigningKey.find("status", SigningKey.CURRENT).firstResult());
        });
        reload();
    }

    /**
     * The scheduled check: drops retired keys whose tokens have all expired and rotates when the
     * current key is older than the rotation period. Deciding and rotating happen in ONE
     * transaction under the key lock, so two replicas that check at the same moment never rotate
     * twice (the second one either skips its turn or sees the fresh key). Then re-reads the keys,
     * which is how the other replicas pick up a rotation, a revocation or a re-seal.
     */
    @io.quarkus.scheduler.Scheduled(every = "${authz.keys.check-interval:1m}", delayed = "10s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        SignatureAlgorithm alg = algorithm(config.token().signingAlgorithm());
        QuarkusTransaction.requiringNew().run(() -> {
            if (!org.mtlssuite.store.AdvisoryLocks.tryLockForTransaction(em, KEY_ADMIN_LOCK)) {
                return; // another replica holds the lock and does this check now
            }
            Instant horizon = Instant.now().minus(config.token().accessTokenLifetime()).minus(java.time.Duration.ofMinutes(5));
            long dropped = SigningKey.delete("status = ?1 and retiredAt < ?2", SigningKey.RETIRED, horizon);
            if (dropped > 0) {
                LOG.infof("dropped %d retired signing keys whose tokens have all expired", dropped);
            }
            rotateIfDueLocked(alg);
        });
        reload();
    }

    /** Rotates when the current key is older than the rotation period; the caller holds the key lock. */
    private boolean rotateIfDueLocked(SignatureAlgorithm alg) {
        SigningKey current = SigningKey.find("status", SigningKey.CURRENT).firstResult();
        if (current == null || current.activatedAt == null
                || !current.activatedAt.plus(config.keys().rotationPeriod()).isBefore(Instant.now())) {
            return false;
        }
        rotateLocked(alg, current);
        return true;
    }

    /** The rotation itself; the caller holds the key lock. */
    private void rotateLocked(SignatureAlgorithm alg, SigningKey current) {
        if (current != null) {
            retire(current);
        }
        promoteNextOrCreate(alg);
        create(alg, SigningKey.NEXT).persist();
        LOG.info("signing keys rotated");
    }

    /**
     * Compromise: the key is deleted at once (its public part leaves the JWKS and the key table, so
     * verifiers refuse its tokens at their next key refresh). A revoked current key is replaced by
     * the next one (verifiers already hold it) and a revoked next key by a new one.
     *
     * @return false when there is no key with this kid
     */
    public boolean revoke(String kid) {
        SignatureAlgorithm alg = algorithm(config.token().signingAlgorithm());
        boolean found = QuarkusTransaction.requiringNew().call(() -> {
            lockKeyAdministration();
            SigningKey k = SigningKey.findById(kid);
            if (k == null) {
                return false;
            }
            String status = k.status;
            k.delete();
            em.flush();
            if (SigningKey.CURRENT.equals(status)) {
                promoteNextOrCreate(alg);
                create(alg, SigningKey.NEXT).persist();
            } else if (SigningKey.NEXT.equals(status)) {
                create(alg, SigningKey.NEXT).persist();
            }
            LOG.warnf("signing key %s (%s) revoked by the admin API: tokens it signed are refused from now on", kid, status);
            audit.record("signing_key_revoked", org.mtlssuite.audit.AuditEvent.SUCCESS, null, Map.of("kid", kid, "status", status));
            return true;
        });
        if (found) {
            reload();
        }
        return found;
    }

    /** The next key becomes current when it has the configured algorithm; otherwise a new current key is made. */
    private void promoteNextOrCreate(SignatureAlgorithm alg) {
        SigningKey next = SigningKey.find("status", SigningKey.NEXT).firstResult();
        if (next != null && next.algorithm.equals(alg.getAlgorithm())) {
            activate(next);
            return;
        }
        if (next != null) {
            next.delete();
        }
        SigningKey k = create(alg, SigningKey.CURRENT);
        k.activatedAt = Instant.now();
        k.persist();
    }

    private void lockKeyAdministration() {
        org.mtlssuite.store.AdvisoryLocks.lockForTransaction(em, KEY_ADMIN_LOCK);
    }

    private static void retire(SigningKey k) {
        k.status = SigningKey.RETIRED;
        k.retiredAt = Instant.now();
    }

    private static void activate(SigningKey k) {
        k.status = SigningKey.CURRENT;
        k.activatedAt = Instant.now();
    }

    /** kid and status of every published key, for the admin API. */
    public List<Map<String, Object>> describe() {
        return QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>list("order by createdAt").stream()
                .map(k -> {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("kid", k.kid);
                    m.put("alg", k.algorithm);
                    m.put("status", k.status);
                    m.put("created_at", k.createdAt.toString());
                    m.put("seal_version", k.sealVersion);
                    if (k.activatedAt != null) {
                        m.put("activated_at", k.activatedAt.toString());
                    }
                    if (k.retiredAt != null) {
                        m.put("retired_at", k.retiredAt.toString());
                    }
                    return m;
                }).toList());
    }

    /** Re-reads the keys from the database (after a rotation by another replica, for instance). */
    public void reload() {
        QuarkusTransaction.requiringNew().run(() -> {
            List<SigningKey> all = SigningKey.published();
            List<Map<?, ?>> keys = new ArrayList<>();
            ActiveKey next = null;
            for (SigningKey k : all) {
                try {
                    keys.add(json.readValue(k.publicJwk, Map.class));
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable public JWK of key " + k.kid, e);
                }
                if (SigningKey.CURRENT.equals(k.status)) {
                    next = new ActiveKey(k.kid, algorithm(k.algorithm), privateKey(k));
                }
            }
            if (next == null) {
                throw new IllegalStateException("no current signing key");
            }
            try {
                jwksJson = json.writeValueAsString(Map.of("keys", keys));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            active = next;
        });
    }

    public ActiveKey active() {
        return active;
    }

    /** The JWK Set document served at jwks_uri (public parts only). */
    public String jwksJson() {
        return jwksJson;
    }

    private SigningKey create(SignatureAlgorithm alg, String status) {
        try {
            KeyPair pair;
            if (alg == SignatureAlgorithm.ES256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                pair = g.generateKeyPair();
            } else {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                pair = g.generateKeyPair();
            }
            SigningKey k = new SigningKey();
            k.kid = UUID.randomUUID().toString();
            k.algorithm = alg.getAlgorithm();
            k.status = status;
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setKeyId(k.kid);
            jwk.setAlgorithm(alg.getAlgorithm());
            jwk.setUse("sig");
            k.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            k.sealVersion = sealVersionForNewKeys();
            k.privateKeySealed = protection.seal(k.kid, pair.getPrivate().getEncoded(), k.sealVersion);
            LOG.infof("created signing key %s (%s, %s)", k.kid, k.algorithm, status);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a signing key: " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey(SigningKey k) {
        byte[] pkcs8 = protection.open(k.kid, k.privateKeySealed, k.sealVersion);
        try {
            return KeyFactory.getInstance(k.algorithm.startsWith("ES") ? "EC" : "RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse signing key " + k.kid, e);
        }
    }

    static SignatureAlgorithm algorithm(String name) {
        return switch (name) {
            case "ES256" -> SignatureAlgorithm.ES256;
            case "RS256" -> SignatureAlgorithm.RS256;
            case "PS256" -> SignatureAlgorithm.PS256;
            default -> throw new IllegalStateException("authz.token.signing-algorithm: unsupported '" + name + "' (ES256, RS256, PS256)");
        };
    }
}
