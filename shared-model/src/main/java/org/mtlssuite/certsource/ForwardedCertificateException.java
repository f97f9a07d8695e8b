package org.mtlssuite.certsource;

/** A forwarded-certificate header from a trusted proxy could not be decoded. Safe to show the caller. */
public class ForwardedCertificateException extends Exception {
    public ForwardedCertificateException(String message) {
        super(message, null, false, false);
    }
}
