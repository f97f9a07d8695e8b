package org.mtlssuite.cert;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.cert.CertificateRejectedException.Reason;
import org.mtlssuite.cert.ClientCertificateChainValidator.Revocation;
import org.mtlssuite.cert.ClientCertificateChainValidator.RevocationMode;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPkiFiles;

/** Key strength, key usage and revocation: each refusal with its own reason code. */
class CertificatePolicyTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static final CertificatePolicy POLICY = new CertificatePolicy(2048, 256);

    @BeforeAll
    static void writePki() throws Exception {
        pki = DevPki.write(dir.resolve("pki"), DevPki.KeyType.EC_P256);
    }

    static List<X509Certificate> chain(String fixture) throws Exception {
        return ClientCertificateChainValidator.readPemCertificates(List.of(pki.clientCert(fixture)));
    }

    static Reason refusal(ThrowingCheck check) {
        return assertThrows(CertificateRejectedException.class, check::run).reason();
    }

    interface ThrowingCheck {
        void run() throws Exception;
    }

    @Test
    void weakKeyAndWrongUsageAreRefusedWithTheirReasons() throws Exception {
        assertEquals(Reason.WEAK_KEY, refusal(() -> POLICY.check(chain(Clients.RSA_1024).get(0))));
        assertEquals(Reason.WRONG_KEY_USAGE, refusal(() -> POLICY.check(chain(Clients.NO_CLIENT_AUTH_EKU).get(0))));
        assertDoesNotThrow(() -> POLICY.check(chain(Clients.SUBJECT_DN).get(0)));
        assertDoesNotThrow(() -> POLICY.check(chain(Clients.SELF_SIGNED).get(0)));
        assertDoesNotThrow(() -> new CertificatePolicy(1024, 256).check(chain(Clients.RSA_1024).get(0)),
                "the minimum is a setting");
    }

    ClientCertificateChainValidator validator(RevocationMode mode, boolean softFail) throws Exception {
        return new ClientCertificateChainValidator(ClientCertificateChainValidator.readPemCertificates(List.of(pki.caCert())), 5,
                Duration.ZERO, new Revocation(mode, ClientCertificateChainValidator.readCrls(List.of(pki.caCrl())), softFail));
    }

    @Test
    void crlModeRefusesTheRevokedLeafAndAnUndeterminedOneUnlessSoftFail() throws Exception {
        ClientCertificateChainValidator crl = validator(RevocationMode.CRL, false);
        assertEquals(Reason.REVOKED, refusal(() -> crl.validate(chain(Clients.REVOKED))));
        assertDoesNotThrow(() -> crl.validate(chain(Clients.SUBJECT_DN)));
        // Issued by the intermediate CA, whose CRL is not configured: status unknown.
        assertEquals(Reason.REVOCATION_UNKNOWN, refusal(() -> crl.validate(chain(Clients.VIA_INTERMEDIATE))));

        ClientCertificateChainValidator soft = validator(RevocationMode.CRL, true);
        assertDoesNotThrow(() -> soft.validate(chain(Clients.VIA_INTERMEDIATE)), "soft-fail accepts an unknown status");
        assertEquals(Reason.REVOKED, refusal(() -> soft.validate(chain(Clients.REVOKED))), "but never a revoked one");
    }

    @Test
    void withoutRevocationCheckingTheRevokedLeafValidates() throws Exception {
        assertDoesNotThrow(() -> validator(RevocationMode.NONE, false).validate(chain(Clients.REVOKED)));
    }
}
