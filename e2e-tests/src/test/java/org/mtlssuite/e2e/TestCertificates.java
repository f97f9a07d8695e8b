package org.mtlssuite.e2e;

import java.nio.file.Files;

/** A dev PKI fixture's certificate as DER or PEM, for forwarded-certificate headers. */
final class TestCertificates {

    private TestCertificates() {
    }

    static byte[] der(String fixture) throws Exception {
        return org.mtlssuite.devsupport.TestTls.readCertificate(E2eSuite.get().pki().clientCert(fixture)).getEncoded();
    }

    static String pem(String fixture) throws Exception {
        String all = Files.readString(E2eSuite.get().pki().clientCert(fixture));
        int end = all.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----".length();
        return all.substring(0, end) + "\n";
    }
}
