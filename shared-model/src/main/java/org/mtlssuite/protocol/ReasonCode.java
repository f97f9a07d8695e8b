package org.mtlssuite.protocol;

/**
 * Why a request failed, finer than its OAuth error code: the {@code reason} label of the failure
 * metrics and audit records (for example {@code unknown_client}, {@code subject_mismatch}). Carried
 * by {@link OAuthException} so that nobody has to parse it back out of the description.
 */
@FunctionalInterface
public interface ReasonCode {

    /** The label, in snake_case. */
    String code();

    /** A reason known only by its label (for example a certificate check's). */
    static ReasonCode of(String code) {
        return new Label(code);
    }

    record Label(String code) implements ReasonCode {
    }
}
