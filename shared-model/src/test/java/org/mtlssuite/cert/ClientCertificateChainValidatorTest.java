package org.mtlssuite.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.cert.CertificateRejectedException.Reason;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;

class ClientCertificateChainValidatorTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static ClientCertificateChainValidator validator;

    @BeforeAll
    static void setUp() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        validator = new ClientCertificateChainValidator(
                ClientCertificateChainValidator.readPemCertificates(List.of(pki.caCert())), 8);
    }

    static List<X509Certificate> chain(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(pki.clientCert(fixture))) {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
            return out;
        }
    }

    static Reason rejection(List<X509Certificate> chain) {
        return assertThrows(CertificateRejectedException.class, () -> validator.validate(chain)).reason();
    }

    @Test
    void acceptsChainsToTheTrustAnchorIncludingThroughTheIntermediate() throws Exception {
        validator.validate(chain(DevPki.Clients.SUBJECT_DN));
        validator.validate(chain(DevPki.Clients.SAN_IP));
        validator.validate(chain(DevPki.Clients.VIA_INTERMEDIATE));
    }

    @Test
    void namesTheFailedCheck() throws Exception {
        assertEquals(Reason.NO_CERTIFICATE, rejection(List.of()));
        assertEquals(Reason.EXPIRED, rejection(chain(DevPki.Clients.EXPIRED)));
        assertEquals(Reason.NOT_YET_VALID, rejection(chain(DevPki.Clients.NOT_YET_VALID)));
        assertEquals(Reason.UNTRUSTED_CHAIN, rejection(chain(DevPki.Clients.UNTRUSTED_CA)));
        assertEquals(Reason.UNTRUSTED_CHAIN, rejection(chain(DevPki.Clients.SELF_SIGNED)));
        // Without its intermediate the leaf has no path to the anchor.
        assertEquals(Reason.UNTRUSTED_CHAIN, rejection(chain(DevPki.Clients.VIA_INTERMEDIATE).subList(0, 1)));
    }

    @Test
    void refusesChainsLongerThanTheLimit() throws Exception {
        List<X509Certificate> longChain = new ArrayList<>(chain(DevPki.Clients.VIA_INTERMEDIATE));
        for (int i = 0; i < 8; i++) {
            longChain.add(longChain.get(1));
        }
        assertEquals(Reason.UNTRUSTED_CHAIN, rejection(longChain));
    }
}
