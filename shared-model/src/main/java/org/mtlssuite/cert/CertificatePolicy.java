package org.mtlssuite.cert;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import org.mtlssuite.cert.CertificateRejectedException.Reason;

/**
 * What a client certificate must be, whatever the method (tls_client_auth or
 * self_signed_tls_client_auth): a key of at least the configured strength (RSA 2048, EC P-256 by
 * default; Ed25519 and Ed448 accepted; anything else refused), an extended key usage that allows
 * clientAuth when the extension is present, and a key usage that allows digitalSignature when present.
 */
public final class CertificatePolicy {

    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final int minRsaBits;
    private final int minEcBits;

    public CertificatePolicy(int minRsaBits, int minEcBits) {
        this.minRsaBits = minRsaBits;
        this.minEcBits = minEcBits;
    }

    public void check(X509Certificate leaf) throws CertificateRejectedException {
        checkKey(leaf.getPublicKey());
        checkUsage(leaf);
    }

    void checkKey(PublicKey key) throws CertificateRejectedException {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < minRsaBits) {
                throw new CertificateRejectedException(Reason.WEAK_KEY,
                        "client certificate has an RSA key of " + bits + " bits; at least " + minRsaBits + " are required");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < minEcBits) {
                throw new CertificateRejectedException(Reason.WEAK_KEY,
                        "client certificate has an EC key of " + bits + " bits; at least " + minEcBits + " (P-256) are required");
            }
        } else if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())
                && !"Ed448".equals(key.getAlgorithm())) {
            throw new CertificateRejectedException(Reason.WEAK_KEY,
                    "client certificate has a " + key.getAlgorithm() + " key, which is not accepted");
        }
    }

    static void checkUsage(X509Certificate leaf) throws CertificateRejectedException {
        List<String> eku;
        try {
            eku = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CertificateRejectedException(Reason.MALFORMED, "client certificate has a malformed extended key usage");
        }
        if (eku != null && !eku.contains(CLIENT_AUTH) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw new CertificateRejectedException(Reason.WRONG_KEY_USAGE,
                    "client certificate's extended key usage does not allow client authentication");
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && (ku.length <= DIGITAL_SIGNATURE || !ku[DIGITAL_SIGNATURE])) {
            throw new CertificateRejectedException(Reason.WRONG_KEY_USAGE,
                    "client certificate's key usage does not allow digital signatures");
        }
    }
}
