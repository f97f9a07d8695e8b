package org.mtlssuite.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The development PKI: a CA, one server certificate per service, client certificates for each
 * {@code tls_client_auth_*} subject property, a self-signed client certificate, and the negative
 * fixtures the tests need. Written with BouncyCastle; PEM and PKCS#12 for each.
 *
 * <p>Layout under the output folder: {@code ca.crt}/{@code ca.key} (the trust anchor),
 * {@code intermediate-ca.crt}, {@code untrusted-ca.crt}, {@code server/<service>.{crt,key,p12}} and
 * {@code client/<fixture>.{crt,key,p12}}. A {@code .crt} holds the leaf first, then the issuing
 * chain up to (not including) the root. PKCS#12 files use the password {@link #P12_PASSWORD}.
 */
public final class DevPki {

    public static final String P12_PASSWORD = "changeit";
    public static final String NAMESPACE = "mtls-suite";
    public static final List<String> SERVICES = List.of("authz-service", "introspection-service", "sample-resource");

    public static final String CA_DN = "CN=mTLS Suite Dev Root CA,O=mTLS Suite Dev,C=GB";
    public static final String INTERMEDIATE_CA_DN = "CN=mTLS Suite Dev Intermediate CA,O=Demo Bank,C=GB";
    public static final String UNTRUSTED_CA_DN = "CN=Untrusted Rogue CA,O=Rogue,C=GB";

    /** Client fixture names, each a file stem under {@code client/}. */
    public static final class Clients {
        public static final String SUBJECT_DN = "subject-dn";
        public static final String SAN_DNS = "san-dns";
        public static final String SAN_URI = "san-uri";
        public static final String SAN_IP = "san-ip";
        public static final String SAN_EMAIL = "san-email";
        public static final String SELF_SIGNED = "self-signed";
        public static final String SELF_SIGNED_UNREGISTERED = "self-signed-unregistered";
        public static final String EXPIRED = "expired";
        public static final String NOT_YET_VALID = "not-yet-valid";
        public static final String UNTRUSTED_CA = "untrusted-ca";
        public static final String VIA_INTERMEDIATE = "via-intermediate";
        public static final String WRONG_SAN_TYPE = "wrong-san-type";
        public static final String RSA_1024 = "rsa-1024";
        public static final String NO_CLIENT_AUTH_EKU = "no-client-auth-eku";
        public static final String RESOURCE_SERVER = "resource-server";
        public static final String PROXY = "proxy";
        /** Issued by the root CA and listed in its CRL ({@code ca.crl}). */
        public static final String REVOKED = "revoked";

        private Clients() {
        }
    }

    /** The subject values the fixtures carry, for registrations and assertions. */
    public static final class Values {
        public static final String SUBJECT_DN = "CN=subject-dn-client,OU=Payments,O=Demo Bank,C=GB";
        public static final String SAN_DNS = "san-dns-client.example.com";
        public static final String SAN_URI = "https://san-uri-client.example.com/oauth-client";
        public static final String SAN_IP_V4 = "192.0.2.10";
        public static final String SAN_IP_V6 = "2001:db8::10";
        public static final String SAN_EMAIL = "san-email-client@example.com";
        public static final String RESOURCE_SERVER_DNS = "sample-resource." + NAMESPACE + ".svc";
        public static final String PROXY_DNS = "ingress-proxy." + NAMESPACE + ".svc";

        private Values() {
        }
    }

    public enum KeyType {
        EC_P256, RSA_2048;

        public static KeyType parse(String s) {
            return switch (s.toLowerCase().replace("_", "-")) {
                case "ec", "ec-p256", "p256", "p-256" -> EC_P256;
                case "rsa", "rsa-2048", "rsa2048" -> RSA_2048;
                default -> throw new IllegalArgumentException("unknown key type '" + s + "' (use ec or rsa)");
            };
        }
    }

    private final KeyType keyType;
    private final SecureRandom random = new SecureRandom();
    private final Instant now = Instant.now();

    private DevPki(KeyType keyType) {
        this.keyType = keyType;
    }

    /** Writes the PKI into {@code dir} unless {@code dir/ca.crt} already exists; returns its layout. */
    public static DevPkiFiles writeIfMissing(Path dir, KeyType keyType) throws IOException {
        DevPkiFiles files = new DevPkiFiles(dir);
        if (Files.exists(files.caCert()) && Files.exists(files.clientCert(Clients.PROXY))) {
            return files;
        }
        return write(dir, keyType);
    }

    /** Writes a fresh PKI into {@code dir}, overwriting what is there. */
    public static DevPkiFiles write(Path dir, KeyType keyType) throws IOException {
        try {
            new DevPki(keyType).writeAll(dir);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate the dev PKI: " + e.getMessage(), e);
        }
        return new DevPkiFiles(dir);
    }

    private record Issued(X509Certificate cert, KeyPair keys, List<X509Certificate> chainAboveLeaf) {
    }

    private void writeAll(Path dir) throws IOException, GeneralSecurityException, OperatorCreationException {
        Files.createDirectories(dir.resolve("server"));
        Files.createDirectories(dir.resolve("client"));
        Duration tenYears = Duration.ofDays(3650);
        Duration twoYears = Duration.ofDays(730);

        Issued root = selfSignedCa(CA_DN, ecKeys(), tenYears);
        Issued intermediate = issue(root, INTERMEDIATE_CA_DN, ecKeys(), now.minus(Duration.ofDays(1)),
                now.plus(tenYears), true, List.of(), List.of());
        Issued untrusted = selfSignedCa(UNTRUSTED_CA_DN, ecKeys(), tenYears);
        writePem(dir.resolve("ca.crt"), root.cert());
        writePem(dir.resolve("ca.key"), root.keys().getPrivate());
        writePem(dir.resolve("intermediate-ca.crt"), intermediate.cert());
        writePem(dir.resolve("untrusted-ca.crt"), untrusted.cert());
        writePem(dir.resolve("untrusted-ca.key"), untrusted.keys().getPrivate());

        Instant from = now.minus(Duration.ofDays(1));
        Instant until = now.plus(twoYears);
        for (String service : SERVICES) {
            List<GeneralName> sans = new ArrayList<>();
            for (String dns : List.of("localhost", service, service + "." + NAMESPACE, service + "." + NAMESPACE + ".svc",
                    service + "." + NAMESPACE + ".svc.cluster.local")) {
                sans.add(new GeneralName(GeneralName.dNSName, dns));
            }
            sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            sans.add(new GeneralName(GeneralName.iPAddress, "::1"));
            Issued server = issue(root, "CN=" + service + ",O=mTLS Suite Dev,C=GB", leafKeys(), from, until, false, sans,
                    List.of(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth));
            writeLeaf(dir.resolve("server"), service, server);
        }

        Map<String, Issued> clients = new LinkedHashMap<>();
        List<KeyPurposeId> clientAuth = List.of(KeyPurposeId.id_kp_clientAuth);
        clients.put(Clients.SUBJECT_DN, issue(root, Values.SUBJECT_DN, leafKeys(), from, until, false, List.of(), clientAuth));
        clients.put(Clients.SAN_DNS, issue(root, "CN=san-dns-client,O=Demo Bank,C=GB", leafKeys(), from, until, false,
                List.of(new GeneralName(GeneralName.dNSName, Values.SAN_DNS)), clientAuth));
        clients.put(Clients.SAN_URI, issue(root, "CN=san-uri-client,O=Demo Bank,C=GB", leafKeys(), from, until, false,
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, Values.SAN_URI)), clientAuth));
        clients.put(Clients.SAN_IP, issue(root, "CN=san-ip-client,O=Demo Bank,C=GB", leafKeys(), from, until, false,
                List.of(new GeneralName(GeneralName.iPAddress, Values.SAN_IP_V4),
                        new GeneralName(GeneralName.iPAddress, Values.SAN_IP_V6)),
                clientAuth));
        clients.put(Clients.SAN_EMAIL, issue(root, "CN=san-email-client,O=Demo Bank,C=GB", leafKeys(), from, until, false,
                List.of(new GeneralName(GeneralName.rfc822Name, Values.SAN_EMAIL)), clientAuth));
        clients.put(Clients.SELF_SIGNED, selfSignedLeaf("CN=self-signed-client,O=Demo Fintech,C=GB", until));
        clients.put(Clients.SELF_SIGNED_UNREGISTERED, selfSignedLeaf("CN=self-signed-client,O=Demo Fintech,C=GB", until));
        clients.put(Clients.EXPIRED, issue(root, "CN=expired-client,O=Demo Bank,C=GB", leafKeys(),
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), false, List.of(), clientAuth));
        clients.put(Clients.NOT_YET_VALID, issue(root, "CN=not-yet-valid-client,O=Demo Bank,C=GB", leafKeys(),
                now.plus(Duration.ofDays(30)), now.plus(twoYears), false, List.of(), clientAuth));
        // Same subject and SANs as the trusted fixtures: only the chain tells them apart.
        clients.put(Clients.UNTRUSTED_CA, issue(untrusted, Values.SUBJECT_DN, leafKeys(), from, until, false,
                List.of(new GeneralName(GeneralName.dNSName, Values.SAN_DNS)), clientAuth));
        clients.put(Clients.VIA_INTERMEDIATE, issue(intermediate, "CN=via-intermediate-client,O=Demo Bank,C=GB",
                leafKeys(), from, until, false, List.of(), clientAuth));
        // The IP address value as a dNSName: a SAN of the wrong type must not match tls_client_auth_san_ip.
        clients.put(Clients.WRONG_SAN_TYPE, issue(root, "CN=wrong-san-type-client,O=Demo Bank,C=GB", leafKeys(), from,
                until, false, List.of(new GeneralName(GeneralName.dNSName, Values.SAN_IP_V4)), clientAuth));
        clients.put(Clients.RSA_1024, issue(root, "CN=rsa-1024-client,O=Demo Bank,C=GB", rsaKeys(1024), from, until,
                false, List.of(), clientAuth));
        clients.put(Clients.NO_CLIENT_AUTH_EKU, issue(root, "CN=no-client-auth-eku-client,O=Demo Bank,C=GB",
                leafKeys(), from, until, false, List.of(), List.of(KeyPurposeId.id_kp_serverAuth)));
        clients.put(Clients.RESOURCE_SERVER, issue(root, "CN=sample-resource,O=mTLS Suite Dev,C=GB", leafKeys(), from,
                until, false, List.of(new GeneralName(GeneralName.dNSName, Values.RESOURCE_SERVER_DNS)), clientAuth));
        // A TLS-terminating proxy's own client certificate, for the forwarded-certificate trust check.
        clients.put(Clients.PROXY, issue(root, "CN=ingress-proxy,O=mTLS Suite Dev,C=GB", leafKeys(), from, until, false,
                List.of(new GeneralName(GeneralName.dNSName, Values.PROXY_DNS)), clientAuth));
        clients.put(Clients.REVOKED, issue(root, "CN=revoked-client,O=Demo Bank,C=GB", leafKeys(), from, until, false,
                List.of(), clientAuth));
        for (Map.Entry<String, Issued> e : clients.entrySet()) {
            writeLeaf(dir.resolve("client"), e.getKey(), e.getValue());
        }
        writePem(dir.resolve("ca.crl"), crl(root, List.of(clients.get(Clients.REVOKED).cert())));
    }

    private KeyPair leafKeys() throws GeneralSecurityException {
        return keyType == KeyType.RSA_2048 ? rsaKeys(2048) : ecKeys();
    }

    private KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private KeyPair rsaKeys(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, random);
        return g.generateKeyPair();
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** An RFC 4514 string (most specific RDN first) as the X.500 name it denotes. */
    private static X500Name x500(String rfc4514) {
        return X500Name.getInstance(new X500Principal(rfc4514).getEncoded());
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private Issued selfSignedCa(String dn, KeyPair keys, Duration validity)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = x500(dn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name, keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return new Issued(sign(b, keys.getPrivate()), keys, List.of());
    }

    private Issued selfSignedLeaf(String dn, Instant until)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPair keys = leafKeys();
        X500Name name = x500(dn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(until), name, keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return new Issued(sign(b, keys.getPrivate()), keys, List.of());
    }

    private Issued issue(Issued issuer, String dn, KeyPair keys, Instant from, Instant until, boolean ca,
            List<GeneralName> sans, List<KeyPurposeId> ekus)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer.cert(), serial(), Date.from(from),
                Date.from(until), x500(dn), keys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.cert()));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = "EC".equals(keys.getPublic().getAlgorithm()) ? KeyUsage.digitalSignature
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        }
        if (!sans.isEmpty()) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
        if (!ekus.isEmpty()) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
        }
        List<X509Certificate> chain = new ArrayList<>();
        if (!issuer.cert().getSubjectX500Principal().equals(issuer.cert().getIssuerX500Principal())) {
            chain.add(issuer.cert());
        }
        chain.addAll(issuer.chainAboveLeaf());
        return new Issued(sign(b, issuer.keys().getPrivate()), keys, chain);
    }

    /** The CA's CRL listing {@code revoked}, valid for 30 days. */
    private X509CRLHolder crl(Issued ca, List<X509Certificate> revoked)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v2CRLBuilder b = new X509v2CRLBuilder(
                X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()), Date.from(now));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
        for (X509Certificate c : revoked) {
            b.addCRLEntry(c.getSerialNumber(), Date.from(now.minus(Duration.ofHours(1))),
                    CRLReason.keyCompromise);
        }
        b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.cert()));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        return b.build(new JcaContentSignerBuilder(signatureAlgorithm(ca.keys().getPrivate())).build(ca.keys().getPrivate()));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key)));
    }

    private static void writeLeaf(Path dir, String stem, Issued leaf) throws IOException, GeneralSecurityException {
        List<Object> pems = new ArrayList<>();
        pems.add(leaf.cert());
        pems.addAll(leaf.chainAboveLeaf());
        writePem(dir.resolve(stem + ".crt"), pems.toArray());
        writePem(dir.resolve(stem + ".key"), leaf.keys().getPrivate());
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        List<Certificate> chain = new ArrayList<>();
        chain.add(leaf.cert());
        chain.addAll(leaf.chainAboveLeaf());
        p12.setKeyEntry(stem, leaf.keys().getPrivate(), P12_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(dir.resolve(stem + ".p12"))) {
            p12.store(out, P12_PASSWORD.toCharArray());
        }
    }

    private static void writePem(Path file, Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object o : objects) {
                // PKCS#8 ("PRIVATE KEY") for keys: what Quarkus' PEM key store and most tools read.
                pem.writeObject(o instanceof PrivateKey k ? new JcaPKCS8Generator(k, null) : o);
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write(text.toString());
        }
    }

    /**
     * A CA that writes what cert-manager writes for a {@code Certificate}: a folder shaped like the
     * Secret's volume ({@code tls.crt}, {@code tls.key}, {@code ca.crt}). Lets tests run the
     * Kubernetes manifests' configuration with certificates matching their Certificate specs.
     */
    public static final class SecretIssuer {

        private final DevPki pki = new DevPki(KeyType.EC_P256);
        private final Issued ca;

        public SecretIssuer(String caDn) throws IOException {
            try {
                ca = pki.selfSignedCa(caDn, pki.ecKeys(), Duration.ofDays(3650));
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IOException("cannot create the CA: " + e.getMessage(), e);
            }
        }

        /**
         * Issues a leaf for {@code subjectDn} with these DNS names and extended key usages
         * ({@code server auth}, {@code client auth}: cert-manager's names) into {@code dir}.
         */
        public void writeSecret(Path dir, String subjectDn, List<String> dnsNames, List<String> usages) throws IOException {
            List<GeneralName> sans = new ArrayList<>();
            for (String dns : dnsNames) {
                sans.add(new GeneralName(GeneralName.dNSName, dns));
            }
            List<KeyPurposeId> ekus = new ArrayList<>();
            for (String u : usages) {
                switch (u) {
                    case "server auth" -> ekus.add(KeyPurposeId.id_kp_serverAuth);
                    case "client auth" -> ekus.add(KeyPurposeId.id_kp_clientAuth);
                    default -> {
                        // digital signature, key encipherment: key usages every leaf here already has
                    }
                }
            }
            try {
                Files.createDirectories(dir);
                Issued leaf = pki.issue(ca, subjectDn, pki.ecKeys(), pki.now.minus(Duration.ofDays(1)),
                        pki.now.plus(Duration.ofDays(90)), false, sans, ekus);
                writePem(dir.resolve("tls.crt"), leaf.cert());
                writePem(dir.resolve("tls.key"), leaf.keys().getPrivate());
                writePem(dir.resolve("ca.crt"), ca.cert());
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IOException("cannot issue " + subjectDn + ": " + e.getMessage(), e);
            }
        }
    }
}
