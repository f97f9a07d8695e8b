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
        MALFORMED("malformed_certificate");

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
