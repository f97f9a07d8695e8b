package org.mtlssuite.cert;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.pki.DevPki;

/** Trust anchors replaced on disk (cert-manager renewing a CA) take effect without a restart. */
class ReloadingChainValidatorTest {

    @TempDir
    Path dir;

    static List<X509Certificate> chain(Path tlsCrt) throws Exception {
        try (InputStream in = Files.newInputStream(tlsCrt)) {
            return List.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    @Test
    void replacedAnchorFileIsReadAgainAndABrokenOneKeepsThePrevious() throws Exception {
        new DevPki.SecretIssuer("CN=Old CA").writeSecret(dir.resolve("old"), "CN=old-client", List.of(), List.of("client auth"));
        new DevPki.SecretIssuer("CN=New CA").writeSecret(dir.resolve("new"), "CN=new-client", List.of(), List.of("client auth"));
        Path anchors = dir.resolve("anchors.pem");
        Files.copy(dir.resolve("old/ca.crt"), anchors);
        ReloadingChainValidator validator = new ReloadingChainValidator(List.of(anchors), 5, Duration.ZERO, Duration.ZERO);
        assertDoesNotThrow(() -> validator.current().validate(chain(dir.resolve("old/tls.crt"))));
        CertificateRejectedException before = assertThrows(CertificateRejectedException.class,
                () -> validator.current().validate(chain(dir.resolve("new/tls.crt"))));
        assertEquals(CertificateRejectedException.Reason.UNTRUSTED_CHAIN, before.reason());

        Files.copy(dir.resolve("new/ca.crt"), anchors, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(anchors, FileTime.from(Instant.now().plusSeconds(5)));
        assertDoesNotThrow(() -> validator.current().validate(chain(dir.resolve("new/tls.crt"))));
        assertThrows(CertificateRejectedException.class, () -> validator.current().validate(chain(dir.resolve("old/tls.crt"))));

        Files.writeString(anchors, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        Files.setLastModifiedTime(anchors, FileTime.from(Instant.now().plusSeconds(10)));
        assertDoesNotThrow(() -> validator.current().validate(chain(dir.resolve("new/tls.crt"))),
                "a broken file keeps the previous anchors");
    }
}
