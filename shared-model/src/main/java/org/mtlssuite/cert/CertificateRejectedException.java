package org.mtlssuite.cert;

/** A presented client certificate failed a check; {@link #reason()} names which, for errors, logs and metrics. */
public class CertificateRejectedException extends Exception {

    public enum Reason {
        NO_CERTIFICATE("no_certificate"),
        EXPIRED("expired"),
        NOT_YET_VALID("not_yet_valid"),
        UNTRUSTED_CHAIN("untrusted_chain"),
        SUBJECT_MISMATCH("subject_mismatch"),
        UNREGISTERED_CERTIFICATE("unregistered_certificate"),
        MALFORMED("malformed_certificate"),
        /** RSA below the minimum modulus, EC below P-256, or an algorithm not accepted for client authentication. */
        WEAK_KEY("weak_key"),
        /** An extended key usage without clientAuth, or a key usage without digitalSignature. */
        WRONG_KEY_USAGE("wrong_key_usage"),
        REVOKED("revoked"),
        /** Revocation checking is on and the status could not be determined (no CRL, responder down). */
        REVOCATION_UNKNOWN("revocation_unknown");

        public final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final Reason reason;

    public CertificateRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
