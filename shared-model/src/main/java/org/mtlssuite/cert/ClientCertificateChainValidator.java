package org.mtlssuite.cert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.security.MessageDigest;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilderResult;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * PKIX validation of a presented client chain for {@code tls_client_auth} (RFC 8705 section 2.1):
 * a path from the leaf to one of the configured trust anchors, with intermediates taken from the
 * presented chain; signatures, validity at "now", basic constraints and key usage per the JDK's
 * PKIX implementation. Trust anchors are parsed once, at construction.
 */
public final class ClientCertificateChainValidator {

    /** How the leaf's revocation status is checked. */
    public enum RevocationMode {
        NONE, CRL, OCSP
    }

    /** Revocation settings: the mode, CRLs read from files, and whether an undetermined status is accepted. */
    public record Revocation(RevocationMode mode, List<X509CRL> crls, boolean softFail) {
        public static final Revocation NONE = new Revocation(RevocationMode.NONE, List.of(), false);
    }

    private static final int MAX_CACHED = 50_000;
    private static final Logger LOG = Logger.getLogger(ClientCertificateChainValidator.class);
    private Revocation revocation = Revocation.NONE;

    private final Set<TrustAnchor> anchors;
    private final int maxChainLength;
    private final Duration cacheTtl;
    /** SHA-256 over the presented chain's DER encodings -> until when its validation holds. */
    private final Map<String, Instant> validated = new ConcurrentHashMap<>();

    public ClientCertificateChainValidator(List<X509Certificate> trustAnchors, int maxChainLength) {
        this(trustAnchors, maxChainLength, Duration.ZERO);
    }

    /**
     * @param cacheTtl how long a successful validation of the identical chain is remembered (never
     *        past the leaf's notAfter); zero disables the cache
     */
    public ClientCertificateChainValidator(List<X509Certificate> trustAnchors, int maxChainLength, Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("no trust anchors configured for tls_client_auth");
        }
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate ca : trustAnchors) {
            set.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(set);
        this.maxChainLength = maxChainLength;
    }

    /** As the other constructor, checking the leaf's revocation status as {@code revocation} says. */
    public ClientCertificateChainValidator(List<X509Certificate> trustAnchors, int maxChainLength, Duration cacheTtl,
            Revocation revocation) {
        this(trustAnchors, maxChainLength, cacheTtl);
        this.revocation = revocation;
    }

    /** Reads CRLs (PEM or DER) from files. */
    public static List<X509CRL> readCrls(List<Path> files) throws IOException {
        List<X509CRL> out = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (CRL c : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                    out.add((X509CRL) c);
                }
            } catch (CertificateException | CRLException e) {
                throw new IOException("cannot read CRLs from " + file + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String chainKey(List<X509Certificate> chain) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (X509Certificate c : chain) {
                byte[] der = c.getEncoded();
                sha.update((byte) (der.length >>> 24));
                sha.update((byte) (der.length >>> 16));
                sha.update((byte) (der.length >>> 8));
                sha.update((byte) der.length);
                sha.update(der);
            }
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads every certificate of every PEM file as a trust anchor. */
    public static List<X509Certificate> readPemCertificates(List<Path> files) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    out.add((X509Certificate) c);
                }
            } catch (CertificateException e) {
                throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
            }
            if (out.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
        }
        return out;
    }

    /** The leaf's validity period at the current time, with its own reason codes. */
    public static void checkValidity(X509Certificate leaf) throws CertificateRejectedException {
        try {
            leaf.checkValidity(new Date());
        } catch (CertificateExpiredException e) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.EXPIRED,
                    "client certificate expired at " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.NOT_YET_VALID,
                    "client certificate is not valid before " + leaf.getNotBefore().toInstant());
        }
    }

    /** Validates the chain (leaf first) at the current time. */
    public void validate(List<X509Certificate> chain) throws CertificateRejectedException {
        if (chain == null || chain.isEmpty()) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.NO_CERTIFICATE,
                    "no client certificate was presented");
        }
        if (chain.size() > maxChainLength) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.UNTRUSTED_CHAIN,
                    "client certificate chain is longer than " + maxChainLength);
        }
        X509Certificate leaf = chain.get(0);
        Date now = new Date();
        checkValidity(leaf);
        String key = cacheTtl.isZero() ? null : chainKey(chain);
        if (key != null) {
            Instant until = validated.get(key);
            if (until != null && until.isAfter(now.toInstant())) {
                return;
            }
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setDate(now);
            params.setMaxPathLength(maxChainLength);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilderResult built = CertPathBuilder.getInstance("PKIX").build(params);
            if (revocation.mode() != RevocationMode.NONE) {
                checkRevocation(built.getCertPath(), now);
            }
            if (key != null) {
                if (validated.size() >= MAX_CACHED) {
                    validated.clear();
                }
                Instant until = now.toInstant().plus(cacheTtl);
                Instant notAfter = leaf.getNotAfter().toInstant();
                validated.put(key, until.isBefore(notAfter) ? until : notAfter);
            }
        } catch (CertPathBuilderException e) {
            throw new CertificateRejectedException(CertificateRejectedException.Reason.UNTRUSTED_CHAIN,
                    "client certificate chain does not validate to a trusted CA");
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX is not available", e);
        }
    }

    /**
     * The leaf's status on the path already built: CRLs from the configured files (and distribution
     * points when enabled JVM-wide), OCSP first in {@code ocsp} mode. Revoked is always a refusal; an
     * undetermined status is one unless soft-fail is on.
     */
    private void checkRevocation(CertPath path, Date now) throws CertificateRejectedException {
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator
                    .getRevocationChecker();
            Set<PKIXRevocationChecker.Option> options = EnumSet
                    .of(PKIXRevocationChecker.Option.ONLY_END_ENTITY);
            if (revocation.mode() == RevocationMode.CRL) {
                options.add(PKIXRevocationChecker.Option.PREFER_CRLS);
                options.add(PKIXRevocationChecker.Option.NO_FALLBACK);
            }
            if (revocation.softFail()) {
                options.add(PKIXRevocationChecker.Option.SOFT_FAIL);
            }
            checker.setOptions(options);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(now);
            params.setRevocationEnabled(false);
            params.addCertPathChecker(checker);
            if (!revocation.crls().isEmpty()) {
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(revocation.crls())));
            }
            validator.validate(path, params);
            if (!checker.getSoftFailExceptions().isEmpty()) {
                LOG.warnf("client certificate revocation status unknown, accepted (soft-fail): %s",
                        checker.getSoftFailExceptions().get(0).getMessage());
            }
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                throw new CertificateRejectedException(CertificateRejectedException.Reason.REVOKED,
                        "client certificate is revoked");
            }
            throw new CertificateRejectedException(CertificateRejectedException.Reason.REVOCATION_UNKNOWN,
                    "client certificate revocation status cannot be determined (" + e.getMessage() + ")");
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX is not available", e);
        }
    }
}
