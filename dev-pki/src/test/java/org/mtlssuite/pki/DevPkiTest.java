package org.mtlssuite.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dev PKI, checked with the JDK's own PKIX validator (no production code in the checks). */
class DevPkiTest {

    @TempDir
    static Path dir;
    static DevPkiFiles pki;
    static X509Certificate ca;

    @BeforeAll
    static void writePki() throws Exception {
        pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        ca = chain(pki.caCert()).get(0);
    }

    static List<X509Certificate> chain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends java.security.cert.Certificate> all = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            List<X509Certificate> out = new ArrayList<>();
            all.forEach(c -> out.add((X509Certificate) c));
            return out;
        }
    }

    static void validate(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain),
                params);
    }

    @ParameterizedTest
    @ValueSource(strings = { DevPki.Clients.SUBJECT_DN, DevPki.Clients.SAN_DNS, DevPki.Clients.SAN_URI,
            DevPki.Clients.SAN_IP, DevPki.Clients.SAN_EMAIL, DevPki.Clients.VIA_INTERMEDIATE, DevPki.Clients.WRONG_SAN_TYPE,
            DevPki.Clients.RSA_1024, DevPki.Clients.NO_CLIENT_AUTH_EKU, DevPki.Clients.RESOURCE_SERVER })
    void clientChainValidatesAgainstTheDevCa(String fixture) throws Exception {
        validate(chain(pki.clientCert(fixture)), ca);
    }

    @ParameterizedTest
    @ValueSource(strings = { "authz-service", "introspection-service", "sample-resource" })
    void serverCertificatesValidateAndNameTheServiceEverywhere(String service) throws Exception {
        List<X509Certificate> chain = chain(pki.serverCert(service));
        validate(chain, ca);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (List<?> san : chain.get(0).getSubjectAlternativeNames()) {
            if ((Integer) san.get(0) == 2) {
                dns.add((String) san.get(1));
            } else if ((Integer) san.get(0) == 7) {
                ips.add(InetAddress.getByName((String) san.get(1)).getHostAddress());
            }
        }
        assertEquals(List.of("localhost", service, service + ".mtls-suite", service + ".mtls-suite.svc",
                service + ".mtls-suite.svc.cluster.local"), dns);
        assertTrue(ips.contains("127.0.0.1"), ips.toString());
        assertTrue(ips.contains(InetAddress.getByName("::1").getHostAddress()), ips.toString());
        assertTrue(chain.get(0).getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth EKU");
    }

    @Test
    void sanFixturesCarryTheirValueInTheRightGeneralNameType() throws Exception {
        assertEquals(List.of(List.of(2, DevPki.Values.SAN_DNS)), sans(DevPki.Clients.SAN_DNS));
        assertEquals(List.of(List.of(6, DevPki.Values.SAN_URI)), sans(DevPki.Clients.SAN_URI));
        assertEquals(List.of(List.of(1, DevPki.Values.SAN_EMAIL)), sans(DevPki.Clients.SAN_EMAIL));
        List<List<?>> ip = sans(DevPki.Clients.SAN_IP);
        assertEquals(2, ip.size());
        assertEquals(7, ip.get(0).get(0));
        assertEquals(InetAddress.getByName(DevPki.Values.SAN_IP_V4), InetAddress.getByName((String) ip.get(0).get(1)));
        assertEquals(InetAddress.getByName(DevPki.Values.SAN_IP_V6), InetAddress.getByName((String) ip.get(1).get(1)));
        // The IP value only as a dNSName: the trap for tls_client_auth_san_ip.
        assertEquals(List.of(List.of(2, DevPki.Values.SAN_IP_V4)),
                sans(DevPki.Clients.WRONG_SAN_TYPE));
        assertEquals(DevPki.Values.SUBJECT_DN,
                chain(pki.clientCert(DevPki.Clients.SUBJECT_DN)).get(0).getSubjectX500Principal().getName());
    }

    private List<List<?>> sans(String fixture) throws Exception {
        Collection<List<?>> sans = chain(pki.clientCert(fixture)).get(0).getSubjectAlternativeNames();
        return new ArrayList<>(sans);
    }

    @Test
    void expiredFixtureIsExpiredAndNotYetValidIsNotYetValid() throws Exception {
        X509Certificate expired = chain(pki.clientCert(DevPki.Clients.EXPIRED)).get(0);
        assertThrows(CertificateExpiredException.class, expired::checkValidity);
        assertThrows(CertPathValidatorException.class, () -> validate(List.of(expired), ca));
        X509Certificate future = chain(pki.clientCert(DevPki.Clients.NOT_YET_VALID)).get(0);
        assertThrows(CertificateNotYetValidException.class, future::checkValidity);
        assertThrows(CertPathValidatorException.class, () -> validate(List.of(future), ca));
    }

    @Test
    void untrustedFixtureDoesNotValidateAgainstTheDevCaButAgainstItsOwn() throws Exception {
        List<X509Certificate> untrusted = chain(pki.clientCert(DevPki.Clients.UNTRUSTED_CA));
        assertThrows(CertPathValidatorException.class, () -> validate(untrusted, ca));
        validate(untrusted, chain(pki.untrustedCaCert()).get(0));
    }

    @Test
    void intermediateChainCarriesTheIntermediateWhoseDnDiffersFromTheLeaf() throws Exception {
        List<X509Certificate> chain = chain(pki.clientCert(DevPki.Clients.VIA_INTERMEDIATE));
        assertEquals(2, chain.size());
        assertEquals(DevPki.INTERMEDIATE_CA_DN, chain.get(1).getSubjectX500Principal().getName());
        assertTrue(chain.get(1).getBasicConstraints() >= 0, "intermediate is a CA");
    }

    @Test
    void selfSignedFixturesAreSelfSignedAndDistinct() throws Exception {
        X509Certificate a = chain(pki.clientCert(DevPki.Clients.SELF_SIGNED)).get(0);
        X509Certificate b = chain(pki.clientCert(DevPki.Clients.SELF_SIGNED_UNREGISTERED)).get(0);
        a.verify(a.getPublicKey());
        b.verify(b.getPublicKey());
        assertTrue(!a.equals(b));
    }

    @Test
    void weakAndWrongUsageFixturesAreWhatTheySay() throws Exception {
        X509Certificate rsa = chain(pki.clientCert(DevPki.Clients.RSA_1024)).get(0);
        assertEquals(1024, ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength());
        X509Certificate serverOnly = chain(pki.clientCert(DevPki.Clients.NO_CLIENT_AUTH_EKU)).get(0);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), serverOnly.getExtendedKeyUsage());
    }

    @Test
    void pkcs12HoldsKeyAndChainWithTheDocumentedPassword() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.clientP12(DevPki.Clients.VIA_INTERMEDIATE))) {
            ks.load(in, DevPki.P12_PASSWORD.toCharArray());
        }
        String alias = ks.aliases().nextElement();
        assertTrue(ks.isKeyEntry(alias));
        assertEquals(2, ks.getCertificateChain(alias).length);
    }

    @Test
    void rsaOptionWritesRsa2048Leaves(@TempDir Path other) throws Exception {
        DevPkiFiles rsa = DevPki.write(other, DevPki.KeyType.RSA_2048);
        X509Certificate leaf = chain(rsa.clientCert(DevPki.Clients.SAN_DNS)).get(0);
        assertEquals(2048, ((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength());
        validate(chain(rsa.clientCert(DevPki.Clients.SAN_DNS)), chain(rsa.caCert()).get(0));
    }
}
