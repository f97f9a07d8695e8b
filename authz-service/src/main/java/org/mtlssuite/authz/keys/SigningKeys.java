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
        reload();
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
            SigningKey current = SigningKey.find("status", SigningKey.CURRENT).firstResult();
            if (current != null) {
                retire(current);
            }
            promoteNextOrCreate(alg);
            create(alg, SigningKey.NEXT).persist();
            LOG.info("signing keys rotated");
        });
        reload();
    }

    /** Re-reads the keys, rotates when the current key is older than the rotation period, drops expired retired keys. */
    @io.quarkus.scheduler.Scheduled(every = "${authz.keys.check-interval:1m}", delayed = "10s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!org.mtlssuite.store.AdvisoryLocks.tryLockForTransaction(em, KEY_ADMIN_LOCK)) {
                return;
            }
            Instant horizon = Instant.now().minus(config.token().accessTokenLifetime()).minus(java.time.Duration.ofMinutes(5));
            long dropped = SigningKey.delete("status = ?1 and retiredAt < ?2", SigningKey.RETIRED, horizon);
            if (dropped > 0) {
                LOG.infof("dropped %d retired signing keys whose tokens have all expired", dropped);
            }
        });
        SigningKey current = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>find("status", SigningKey.CURRENT).firstResult());
        if (due(current)) {
            rotateIfStillDue();
        }
        reload();
    }

    private boolean due(SigningKey current) {
        return current != null && current.activatedAt != null
                && current.activatedAt.plus(config.keys().rotationPeriod()).isBefore(Instant.now());
    }

    /**
     * The scheduled rotation decides again inside the advisory lock: replicas that all saw the key due
     * queue on the lock, the first rotates, the others find a fresh current key and do nothing.
     */
    private void rotateIfStillDue() {
        SignatureAlgorithm alg = algorithm(config.token().signingAlgorithm());
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeyAdministration();
            SigningKey current = SigningKey.find("status", SigningKey.CURRENT).firstResult();
            if (!due(current)) {
                return;
            }
            retire(current);
            promoteNextOrCreate(alg);
            create(alg, SigningKey.NEXT).persist();
            LOG.info("signing keys rotated (scheduled)");
        });
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
            k.privateKeySealed = protection.seal(k.kid, pair.getPrivate().getEncoded());
            LOG.infof("created signing key %s (%s, %s)", k.kid, k.algorithm, status);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a signing key: " + e.getMessage(), e);
        }
    }

    private PrivateKey privateKey(SigningKey k) {
        byte[] pkcs8 = protection.open(k.kid, k.privateKeySealed);
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
