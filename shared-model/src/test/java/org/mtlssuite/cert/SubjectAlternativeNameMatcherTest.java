package org.mtlssuite.cert;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher.SanType;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;

class SubjectAlternativeNameMatcherTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;

    @BeforeAll
    static void writePki() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
    }

    static X509Certificate leaf(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(pki.clientCert(fixture))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void dnsMatchesCaseInsensitively() throws Exception {
        X509Certificate c = leaf(DevPki.Clients.SAN_DNS);
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.DNS, "SAN-DNS-Client.Example.COM", c));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.DNS, "other.example.com", c));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.DNS, "dns-client.example.com", c));
    }

    @Test
    void ipComparesAddressesNotText() throws Exception {
        X509Certificate c = leaf(DevPki.Clients.SAN_IP);
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.IP, "192.0.2.10", c));
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.IP, "2001:db8::10", c));
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.IP, "2001:0db8:0:0:0:0:0:10", c));
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.IP, "2001:DB8:0000::0010", c));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.IP, "192.0.2.11", c));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.IP, "2001:db8::11", c));
        assertTrue(SubjectAlternativeNameMatcher.sameAddress("2001:db8::1", "2001:0db8:0:0:0:0:0:1"));
        // A host name is never resolved.
        assertNull(SubjectAlternativeNameMatcher.literal("localhost"));
    }

    @Test
    void valueInASanOfAnotherTypeNeverMatches() throws Exception {
        X509Certificate wrongType = leaf(DevPki.Clients.WRONG_SAN_TYPE); // 192.0.2.10 as a dNSName
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.IP, DevPki.Values.SAN_IP_V4, wrongType));
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.DNS, DevPki.Values.SAN_IP_V4, wrongType));
        X509Certificate dns = leaf(DevPki.Clients.SAN_DNS);
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.URI, DevPki.Values.SAN_DNS, dns));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.EMAIL, DevPki.Values.SAN_DNS, dns));
    }

    @Test
    void uriAndEmailMatchTheirValue() throws Exception {
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.URI, DevPki.Values.SAN_URI, leaf(DevPki.Clients.SAN_URI)));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.URI, DevPki.Values.SAN_URI + "/x", leaf(DevPki.Clients.SAN_URI)));
        X509Certificate email = leaf(DevPki.Clients.SAN_EMAIL);
        assertTrue(SubjectAlternativeNameMatcher.matches(SanType.EMAIL, "san-email-client@EXAMPLE.com", email));
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.EMAIL, "SAN-email-client@example.com", email));
    }

    @Test
    void certificateWithoutSansMatchesNothing() throws Exception {
        assertFalse(SubjectAlternativeNameMatcher.matches(SanType.DNS, "x", leaf(DevPki.Clients.SUBJECT_DN)));
    }
}
