package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtlssuite.cert.DistinguishedNameMatcher;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher.SanType;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.mtlssuite.pki.DevPkiFiles;
import org.mtlssuite.store.OAuthClient;

/**
 * The table of RFC 8705 2.1.2 subject properties, against the dev PKI's certificates: each property
 * matches the fixture made for it, refuses another value and another fixture, and refuses values
 * of the wrong syntax with a message naming the property.
 */
class TlsClientAuthSubjectTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static final DistinguishedNameMatcher DN = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.RFC4517);

    @BeforeAll
    static void writePki() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
    }

    static X509Certificate leaf(String fixture) throws Exception {
        return ClientAuthenticatorsTestSupport.chain(pki, fixture).get(0);
    }

    /** property, the fixture made for it, its registered value, another value of the right syntax, a value of the wrong syntax, the message. */
    static Stream<Arguments> properties() {
        return Stream.of(
                Arguments.of(TlsClientAuthSubject.SUBJECT_DN, Clients.SUBJECT_DN, Values.SUBJECT_DN,
                        "CN=other-client,OU=Payments,O=Demo Bank,C=GB", "not a DN",
                        "tls_client_auth_subject_dn is not an RFC 4514 distinguished name"),
                Arguments.of(TlsClientAuthSubject.SAN_DNS, Clients.SAN_DNS, Values.SAN_DNS, "other.example.com", "a b.example",
                        "tls_client_auth_san_dns is not a DNS name"),
                Arguments.of(TlsClientAuthSubject.SAN_URI, Clients.SAN_URI, Values.SAN_URI, "https://other.example.com/client",
                        "relative/path", "tls_client_auth_san_uri is not an absolute URI"),
                Arguments.of(TlsClientAuthSubject.SAN_IP, Clients.SAN_IP, Values.SAN_IP_V4, "192.0.2.11", "localhost",
                        "tls_client_auth_san_ip is not an IPv4 or IPv6 address"),
                Arguments.of(TlsClientAuthSubject.SAN_EMAIL, Clients.SAN_EMAIL, Values.SAN_EMAIL, "other@example.com",
                        "no-at-sign.example.com", "tls_client_auth_san_email is not an email address"));
    }

    @ParameterizedTest
    @MethodSource("properties")
    void matchesTheLeafCarryingTheRegisteredValue(TlsClientAuthSubject property, String fixture, String value) throws Exception {
        property.checkSyntax(value);
        assertTrue(property.matches(value, leaf(fixture), DN), property + " should match " + fixture);
    }

    @ParameterizedTest
    @MethodSource("properties")
    void refusesAnotherValueAndAnotherCertificate(TlsClientAuthSubject property, String fixture, String value, String otherValue)
            throws Exception {
        property.checkSyntax(otherValue);
        assertFalse(property.matches(otherValue, leaf(fixture), DN), property + " must not match " + otherValue);
        String otherFixture = Clients.SAN_DNS.equals(fixture) ? Clients.SAN_URI : Clients.SAN_DNS;
        assertFalse(property.matches(value, leaf(otherFixture), DN), property + " must not match " + otherFixture);
    }

    @ParameterizedTest
    @MethodSource("properties")
    void refusesAValueOfTheWrongSyntax(TlsClientAuthSubject property, String fixture, String value, String otherValue,
            String badValue, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> property.checkSyntax(badValue)).getMessage());
        assertEquals(property.property + " must be a non-empty string",
                assertThrows(IllegalArgumentException.class, () -> property.checkSyntax(" ")).getMessage());
        assertEquals(property.property + " must be a non-empty string",
                assertThrows(IllegalArgumentException.class, () -> property.checkSyntax(null)).getMessage());
    }

    @ParameterizedTest
    @MethodSource("properties")
    void storesAndReadsItsOwnColumnOnly(TlsClientAuthSubject property, String fixture, String value) {
        OAuthClient client = new OAuthClient();
        property.register(client, value);
        assertEquals(value, property.registeredValue(client));
        assertEquals(Optional.of(property), TlsClientAuthSubject.registeredBy(client));
        for (TlsClientAuthSubject other : TlsClientAuthSubject.values()) {
            if (other != property) {
                assertNull(other.registeredValue(client), other + " was written by " + property);
            }
        }
        TlsClientAuthSubject.clearAll(client);
        assertEquals(Optional.empty(), TlsClientAuthSubject.registeredBy(client));
    }

    @Test
    void anIpValueInADnsNameSanDoesNotMatchTheIpProperty() throws Exception {
        X509Certificate wrongType = leaf(Clients.WRONG_SAN_TYPE);
        assertFalse(TlsClientAuthSubject.SAN_IP.matches(Values.SAN_IP_V4, wrongType, DN));
        assertTrue(TlsClientAuthSubject.SAN_DNS.matches(Values.SAN_IP_V4, wrongType, DN));
    }

    @Test
    void listsTheFivePropertiesInTheOrderOfRfc8705AndTheirSanTypes() {
        assertEquals(List.of("tls_client_auth_subject_dn", "tls_client_auth_san_dns", "tls_client_auth_san_uri",
                "tls_client_auth_san_ip", "tls_client_auth_san_email"), TlsClientAuthSubject.properties());
        assertEquals(Optional.empty(), TlsClientAuthSubject.SUBJECT_DN.sanType());
        assertEquals(Optional.of(SanType.DNS), TlsClientAuthSubject.SAN_DNS.sanType());
        assertEquals(Optional.of(SanType.URI), TlsClientAuthSubject.SAN_URI.sanType());
        assertEquals(Optional.of(SanType.IP), TlsClientAuthSubject.SAN_IP.sanType());
        assertEquals(Optional.of(SanType.EMAIL), TlsClientAuthSubject.SAN_EMAIL.sanType());
        assertEquals(Optional.of(TlsClientAuthSubject.SAN_IP), TlsClientAuthSubject.forProperty("tls_client_auth_san_ip"));
        assertEquals(Optional.empty(), TlsClientAuthSubject.forProperty("tls_client_auth_san_rid"));
    }

    @Test
    void acceptsWildcardAndTrailingDotDnsNamesAndIpv6Addresses() {
        TlsClientAuthSubject.SAN_DNS.checkSyntax("*.clients.example.com");
        TlsClientAuthSubject.SAN_DNS.checkSyntax("client.example.com.");
        TlsClientAuthSubject.SAN_IP.checkSyntax(Values.SAN_IP_V6);
        assertThrows(IllegalArgumentException.class, () -> TlsClientAuthSubject.SAN_EMAIL.checkSyntax("a b@example.com"));
        assertThrows(IllegalArgumentException.class, () -> TlsClientAuthSubject.SAN_EMAIL.checkSyntax("client@"));
    }
}
