package org.mtlssuite.clientauth;

import org.mtlssuite.cert.CertificateRejectedException;
import org.mtlssuite.protocol.ReasonCode;

/**
 * The reasons a client authentication fails, as counted by {@code mtls_suite_client_auth_failures_total}
 * and written to the audit trail. A failure without one counts under its OAuth error code
 * ({@code invalid_client}, {@code invalid_request}).
 */
public enum ClientAuthFailure implements ReasonCode {
    UNKNOWN_CLIENT("unknown_client"),
    CLIENT_DISABLED("client_disabled"),
    BAD_CLIENT_SECRET("bad_client_secret"),
    RATE_LIMITED("rate_limited");

    private final String code;

    ClientAuthFailure(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** A failed certificate check counts under the check's own reason ({@code subject_mismatch}, {@code expired}, ...). */
    public static ReasonCode certificate(CertificateRejectedException.Reason reason) {
        return ReasonCode.of(reason.code);
    }
}
