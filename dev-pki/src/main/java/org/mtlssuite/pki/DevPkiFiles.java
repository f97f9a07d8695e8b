package org.mtlssuite.pki;

import java.nio.file.Path;

/** Where each file of a dev PKI written by {@link DevPki} lives. */
public record DevPkiFiles(Path dir) {

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    /** The root CA's CRL (PEM), listing the {@code revoked} client fixture. */
    public Path caCrl() {
        return dir.resolve("ca.crl");
    }

    public Path intermediateCaCert() {
        return dir.resolve("intermediate-ca.crt");
    }

    public Path untrustedCaCert() {
        return dir.resolve("untrusted-ca.crt");
    }

    public Path serverCert(String service) {
        return dir.resolve("server").resolve(service + ".crt");
    }

    public Path serverKey(String service) {
        return dir.resolve("server").resolve(service + ".key");
    }

    public Path clientCert(String fixture) {
        return dir.resolve("client").resolve(fixture + ".crt");
    }

    public Path clientKey(String fixture) {
        return dir.resolve("client").resolve(fixture + ".key");
    }

    public Path clientP12(String fixture) {
        return dir.resolve("client").resolve(fixture + ".p12");
    }
}
