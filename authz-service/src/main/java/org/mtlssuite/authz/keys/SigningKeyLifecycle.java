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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.store.SigningKey;
import org.mtlssuite.store.SigningKeySealing;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.quarkus.scheduler.Scheduled;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.authz.oidc.OidcConfig;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.store.AdvisoryLocks;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AS signing keys: kept in PostgreSQL (private part sealed by {@link KeyProtection}), loaded
 * and parsed once, published as a JWK Set. At start a replica makes sure a {@code current} key of
 * the configured algorithm exists, under a PostgreSQL advisory lock so two replicas never both create one.
 *
 * <p>Keys form one family per algorithm, each with its own current and next key and the same
 * lifecycle (rotation, sealing, retirement): the access tokens' configured algorithm, plus
 * {@link #ID_TOKEN_ALGORITHMS} for OpenID Connect ID tokens. Every family rotates together.
 */
@Singleton
public class SigningKeyLifecycle {

    private static final Logger LOG = Logger.getLogger(SigningKeyLifecycle.class);
    private static final long KEY_ADMIN_LOCK = 0x6d746c73_6b657973L; // "mtlskeys"

    /** The key that signs new tokens, parsed. */
    public record ActiveKey(String kid, SigningAlgorithm algorithm, PrivateKey privateKey) {
    }

    /**
     * Algorithms ID tokens may be signed with: RS256 because OpenID Connect Core 15.1 makes it the
     * default every relying party supports, ES256 for clients that register
     * {@code id_token_signed_response_alg=ES256}. Each has a key family of its own.
     */
    public static final List<SigningAlgorithm> ID_TOKEN_ALGORITHMS = List.of(SigningAlgorithm.RS256, SigningAlgorithm.ES256);

    @Inject
    AuthzConfig config;

    @Inject
    KeyProtection protection;

    @Inject
    GuardedJdbc db;

    @Inject
    ObjectMapper json;

    /** ID tokens' lifetime, which the retired keys of the families must outlive too. */
    @Inject
    OidcConfig oidc;

    @Inject
    AuditTrail audit;

    /** Re-seal version-1 keys at start: set it once every replica runs a release with HKDF sealing. */
    @ConfigProperty(name = "authz.key-protection.reseal-at-start", defaultValue = "false")
    boolean resealAtStart;

    private volatile ActiveKey active;
    /** The current key of each family, by algorithm name. */
    private volatile Map<String, ActiveKey> activeByAlgorithm = Map.of();
    private volatile String jwksJson;

    /** The families that must exist: the access tokens' algorithm first, then the ID tokens' ones. */
    Set<SigningAlgorithm> families() {
        Set<SigningAlgorithm> families = new LinkedHashSet<>();
        families.add(algorithm(config.token().signingAlgorithm()));
        families.addAll(ID_TOKEN_ALGORITHMS);
        return families;
    }

    void onStart(@Observes StartupEvent event) {
        Set<SigningAlgorithm> families = families();
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeyAdministration();
            // A family no longer needed (the configured algorithm changed) retires its current key and drops its next one.
            Set<String> names = families.stream().map(SigningAlgorithm::getAlgorithm).collect(Collectors.toSet());
            for (SigningKey k : SigningKey.notRetired(db)) {
                if (!names.contains(k.algorithm)) {
                    if (SigningKey.CURRENT.equals(k.status)) {
                        k.retire(db, Instant.now());
                    } else {
                        k.delete(db);
                    }
                }
            }
            for (SigningAlgorithm alg : families) {
                if (SigningKey.countWithStatus(db, SigningKey.CURRENT, alg.getAlgorithm()) == 0) {
                    promoteNextOrCreate(alg);
                }
                if (SigningKey.countWithStatus(db, SigningKey.NEXT, alg.getAlgorithm()) == 0) {
                    create(alg, SigningKey.NEXT).insert(db);
                }
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
        return SigningKey.countSealedWith(db, SigningKeySealing.V1_SHA256) == 0 ? SigningKeySealing.V2_HKDF
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
            List<SigningKey> old = SigningKey.sealedWith(db, SigningKeySealing.V1_SHA256);
            for (SigningKey k : old) {
                byte[] pkcs8 = protection.open(k.kid, k.privateKeySealed, SigningKeySealing.V1_SHA256);
                k.reseal(db, protection.seal(k.kid, pkcs8, SigningKeySealing.V2_HKDF), SigningKeySealing.V2_HKDF);
                Arrays.fill(pkcs8, (byte) 0);
            }
            return old.size();
        });
        if (resealed > 0) {
            LOG.infof("re-sealed %d signing keys with HKDF (seal version 2)", resealed);
            audit.record("signing_keys_resealed", AuditEvent.SUCCESS, null, Map.of("keys", resealed));
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
        Set<SigningAlgorithm> families = families();
        QuarkusTransaction.requiringNew().run(() -> {
            lockKeyAdministration();
            rotateLocked(families);
        });
        reload();
    }

    private SigningKey currentOf(SigningAlgorithm alg) {
        return SigningKey.withStatus(db, SigningKey.CURRENT, alg.getAlgorithm());
    }

    /**
     * The scheduled check: drops retired keys whose tokens have all expired and rotates when the
     * current key is older than the rotation period. Deciding and rotating happen in ONE
     * transaction under the key lock, so two replicas that check at the same moment never rotate
     * twice (the second one either skips its turn or sees the fresh key). Then re-reads the keys,
     * which is how the other replicas pick up a rotation, a revocation or a re-seal.
     */
    @Scheduled(every = "${authz.keys.check-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintain() {
        Set<SigningAlgorithm> families = families();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!AdvisoryLocks.tryLockForTransaction(db, KEY_ADMIN_LOCK)) {
                return; // another replica holds the lock and does this check now
            }
            Instant horizon = Instant.now().minus(longestTokenLifetime()).minus(Duration.ofMinutes(5));
            int dropped = SigningKey.deleteRetiredBefore(db, horizon);
            if (dropped > 0) {
                LOG.infof("dropped %d retired signing keys whose tokens have all expired", dropped);
            }
            rotateIfDueLocked(families);
        });
        reload();
    }

    /**
     * Rotates when the oldest current key is older than the rotation period (the families rotate
     * together); the caller holds the key lock.
     */
    private boolean rotateIfDueLocked(Set<SigningAlgorithm> families) {
        SigningKey oldest = SigningKey.oldestCurrent(db);
        if (oldest == null || oldest.activatedAt == null
                || !oldest.activatedAt.plus(config.keys().rotationPeriod()).isBefore(Instant.now())) {
            return false;
        }
        rotateLocked(families);
        return true;
    }

    /** The rotation itself, family by family; the caller holds the key lock. */
    private void rotateLocked(Set<SigningAlgorithm> families) {
        for (SigningAlgorithm alg : families) {
            SigningKey current = currentOf(alg);
            if (current != null) {
                current.retire(db, Instant.now());
            }
            promoteNextOrCreate(alg);
            create(alg, SigningKey.NEXT).insert(db);
        }
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
        boolean found = QuarkusTransaction.requiringNew().call(() -> {
            lockKeyAdministration();
            SigningKey k = SigningKey.find(db, kid);
            if (k == null) {
                return false;
            }
            String status = k.status;
            // The replacement belongs to the revoked key's own family (access tokens' or ID tokens').
            SigningAlgorithm alg = algorithm(k.algorithm);
            // Deleted before the replacement is made: the seal version of new keys must not count the revoked key.
            k.delete(db);
            if (SigningKey.CURRENT.equals(status)) {
                promoteNextOrCreate(alg);
                create(alg, SigningKey.NEXT).insert(db);
            } else if (SigningKey.NEXT.equals(status)) {
                create(alg, SigningKey.NEXT).insert(db);
            }
            LOG.warnf("signing key %s (%s) revoked by the admin API: tokens it signed are refused from now on", kid, status);
            audit.record("signing_key_revoked", AuditEvent.SUCCESS, null, Map.of("kid", kid, "status", status));
            return true;
        });
        if (found) {
            reload();
        }
        return found;
    }

    /**
     * Retired keys stay published until every token they signed has expired: access tokens and,
     * since ID tokens are signed by the same families, ID tokens.
     */
    private Duration longestTokenLifetime() {
        Duration access = config.token().accessTokenLifetime();
        Duration id = oidc.idTokenLifetime();
        return id.compareTo(access) > 0 ? id : access;
    }

    /** The family's next key becomes current; without one, a new current key is made. */
    private void promoteNextOrCreate(SigningAlgorithm alg) {
        SigningKey next = SigningKey.withStatus(db, SigningKey.NEXT, alg.getAlgorithm());
        if (next != null) {
            next.activate(db, Instant.now());
            return;
        }
        SigningKey k = create(alg, SigningKey.CURRENT);
        k.activatedAt = Instant.now();
        k.insert(db);
    }

    private void lockKeyAdministration() {
        AdvisoryLocks.lockForTransaction(db, KEY_ADMIN_LOCK);
    }

    /** kid and status of every published key, for the admin API. */
    public List<Map<String, Object>> describe() {
        return QuarkusTransaction.requiringNew().call(() -> SigningKey.published(db).stream()
                .map(k -> {
                    Map<String, Object> m = new LinkedHashMap<>();
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

    /**
     * Re-reads the keys from the database (after a rotation by another replica, for instance).
     * One reload at a time: a periodic reload that read the keys just before a rotation committed
     * must not publish its older set after the rotation's own reload.
     */
    public synchronized void reload() {
        QuarkusTransaction.requiringNew().run(() -> {
            List<SigningKey> all = SigningKey.published(db);
            List<Map<?, ?>> keys = new ArrayList<>();
            Map<String, ActiveKey> currents = new HashMap<>();
            for (SigningKey k : all) {
                try {
                    keys.add(json.readValue(k.publicJwk, Map.class));
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable public JWK of key " + k.kid, e);
                }
                if (SigningKey.CURRENT.equals(k.status)) {
                    currents.put(k.algorithm, new ActiveKey(k.kid, algorithm(k.algorithm), privateKey(k)));
                }
            }
            ActiveKey next = currents.get(config.token().signingAlgorithm());
            if (next == null) {
                throw new IllegalStateException("no current signing key");
            }
            try {
                jwksJson = json.writeValueAsString(Map.of("keys", keys));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            active = next;
            activeByAlgorithm = Map.copyOf(currents);
        });
    }

    /** The current key of the access tokens' algorithm. */
    public ActiveKey active() {
        return active;
    }

    /**
     * The current key of another family (ID tokens); empty when that algorithm has no family here
     * (or a replica of an older version rotated it away until the next reload).
     */
    public Optional<ActiveKey> active(SigningAlgorithm algorithm) {
        return Optional.ofNullable(activeByAlgorithm.get(algorithm.getAlgorithm()));
    }

    /** The JWK Set document served at jwks_uri (public parts only). */
    public String jwksJson() {
        return jwksJson;
    }

    private SigningKey create(SigningAlgorithm alg, String status) {
        try {
            KeyPair pair;
            if (alg == SigningAlgorithm.ES256) {
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

    static SigningAlgorithm algorithm(String name) {
        return switch (name) {
            case "ES256" -> SigningAlgorithm.ES256;
            case "RS256" -> SigningAlgorithm.RS256;
            case "PS256" -> SigningAlgorithm.PS256;
            default -> throw new IllegalStateException("authz.token.signing-algorithm: unsupported '" + name + "' (ES256, RS256, PS256)");
        };
    }
}
