package org.mtlssuite.cert;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4517 distinguishedNameMatch cases against certificates made by openssl. */
class DistinguishedNameMatcherTest {

    static X500Principal vector;
    static X500Principal multiValued;
    final DistinguishedNameMatcher positional = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.RFC4517);
    final DistinguishedNameMatcher anyOrder = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.ORDER_INSENSITIVE);

    @BeforeAll
    static void load() throws Exception {
        vector = CertificateThumbprintTest.load("thumbprint-vector.pem").getSubjectX500Principal();
        multiValued = CertificateThumbprintTest.load("multivalued-rdn.pem").getSubjectX500Principal();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CN=thumbprint-vector,O=Vector Ltd,C=GB",
            "cn=THUMBPRINT-Vector,o=vector ltd,c=gb",
            "CN=thumbprint-vector, O=Vector   Ltd ,C=GB",
            "CN=  thumbprint-vector  ,O=Vector Ltd,C=GB",
            "2.5.4.3=thumbprint-vector,2.5.4.10=Vector Ltd,2.5.4.6=GB",
            "CN=thumbprint\\2dvector,O=Vector Ltd,C=GB" })
    void matchesTheSameNameWrittenDifferently(String registered) {
        assertTrue(positional.matches(registered, vector), registered);
        assertTrue(anyOrder.matches(registered, vector), registered);
    }

    @Test
    void decodesHexValues() throws Exception {
        String hex = Hex.toHexString(new DERUTF8String("thumbprint-vector").getEncoded());
        assertTrue(positional.matches("2.5.4.3=#" + hex + ",O=Vector Ltd,C=GB", vector));
        String other = Hex.toHexString(new DERUTF8String("somebody-else").getEncoded());
        assertFalse(positional.matches("2.5.4.3=#" + other + ",O=Vector Ltd,C=GB", vector));
    }

    @Test
    void reorderedRdnsDoNotMatchByDefaultButMatchInOrderInsensitiveMode() {
        // OpenSSL's default print order, the reverse of RFC 4514's.
        String reversed = "C=GB,O=Vector Ltd,CN=thumbprint-vector";
        assertFalse(positional.matches(reversed, vector));
        assertTrue(anyOrder.matches(reversed, vector));
    }

    @Test
    void multiValuedRdnMatchesWithItsValuesInAnyOrder() {
        assertTrue(positional.matches("UID=42+CN=Multi,OU=Payments,O=Demo Bank,C=GB", multiValued));
        assertTrue(positional.matches("CN=Multi+UID=42,OU=Payments,O=Demo Bank,C=GB", multiValued));
        // The same AVAs as separate RDNs are a different name.
        assertFalse(positional.matches("CN=Multi,UID=42,OU=Payments,O=Demo Bank,C=GB", multiValued));
        assertFalse(positional.matches("CN=Multi,OU=Payments,O=Demo Bank,C=GB", multiValued));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CN=thumbprint-vector,O=Vector Ltd",
            "CN=thumbprint-vector,O=Vector Ltd,C=GB,DC=example",
            "CN=thumbprint-vectors,O=Vector Ltd,C=GB",
            "CN=thumbprint vector,O=Vector Ltd,C=GB",
            "OU=thumbprint-vector,O=Vector Ltd,C=GB",
            "CN=thumbprint-vector,O=Vector Ltd,C=US" })
    void doesNotMatchAnotherName(String registered) {
        assertFalse(positional.matches(registered, vector), registered);
        assertFalse(anyOrder.matches(registered, vector), registered);
    }

    @Test
    void rejectsTextThatIsNotADistinguishedName() {
        assertThrows(IllegalArgumentException.class, () -> DistinguishedNameMatcher.parse("not a dn"));
        assertThrows(IllegalArgumentException.class, () -> DistinguishedNameMatcher.parse(""));
        assertThrows(IllegalArgumentException.class, () -> DistinguishedNameMatcher.parse("CN=a,=b"));
    }

    @Test
    void understandsEmailAddressKeyword() throws Exception {
        X500Principal p = new X500Principal("EMAILADDRESS=ops@example.com, CN=ops",
                java.util.Map.of("EMAILADDRESS", "1.2.840.113549.1.9.1"));
        assertTrue(positional.matches("emailAddress=OPS@example.com,CN=ops", p));
    }

    @Test
    void rememberedOutcomesFollowTheRegisteredTextAndThePresentedSubject() {
        DistinguishedNameMatcher m = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.RFC4517);
        String registered = "CN=thumbprint-vector,O=Vector Ltd,C=GB";
        for (int i = 0; i < 3; i++) {
            assertTrue(m.matches(registered, vector));
            // The same registration presented with another certificate is judged on that certificate.
            assertFalse(m.matches(registered, multiValued));
            // A changed registration is judged afresh, never by what the old text matched.
            assertFalse(m.matches("CN=thumbprint-vector,O=Other Ltd,C=GB", vector));
        }
    }

    @Test
    void anUnreadableRegistrationFailsEveryTimeRatherThanBeingRemembered() {
        DistinguishedNameMatcher m = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.RFC4517);
        assertThrows(IllegalArgumentException.class, () -> m.matches("not a dn", vector));
        assertThrows(IllegalArgumentException.class, () -> m.matches("not a dn", vector));
        assertThrows(IllegalArgumentException.class, () -> m.matches(null, vector));
    }
}
