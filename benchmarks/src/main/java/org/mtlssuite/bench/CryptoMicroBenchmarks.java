package org.mtlssuite.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.mtlssuite.cert.CertificateThumbprint;
import org.mtlssuite.cert.DistinguishedNameMatcher;
import org.mtlssuite.crypto.NativeCrypto;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;
import org.mtlssuite.token.JwtAccessTokenValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** JMH: the per-request pure-logic costs (thumbprint, DN match, ES256 sign and verify with JDK or Corretto). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CryptoMicroBenchmarks {

    @Param({ "jdk", "corretto" })
    public String provider;

    X509Certificate leaf;
    X500Principal subject;
    DistinguishedNameMatcher matcher;
    KeyPair ec;
    String claims;
    String signed;
    JwtAccessTokenValidator validator;
    JwtAccessTokenValidator remembering;

    @Setup
    public void setUp() throws Exception {
        if ("corretto".equals(provider)) {
            NativeCrypto.installCorrettoProvider();
        }
        Path dir = Files.createTempDirectory("bench-pki");
        DevPkiFiles pki = DevPki.write(dir, DevPki.KeyType.EC_P256);
        leaf = TestTls.readCertificate(pki.clientCert(DevPki.Clients.SUBJECT_DN));
        subject = leaf.getSubjectX500Principal();
        matcher = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.RFC4517);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
        JwtClaims c = new JwtClaims();
        c.setIssuer("https://as.example");
        c.setSubject("client");
        c.setAudience("sample-resource");
        c.setIssuedAtToNow();
        c.setExpirationTimeMinutesInTheFuture(5);
        c.setGeneratedJwtId();
        c.setClaim("scope", "accounts:read payments:write");
        claims = c.toJson();
        signed = sign();
        // 0: no remembered signatures, so that every call verifies (what jwtVerifyEs256 measures).
        validator = new JwtAccessTokenValidator((kid, alg) -> ec.getPublic(), "https://as.example", 0, Set.of(), 0);
        remembering = new JwtAccessTokenValidator((kid, alg) -> ec.getPublic(), "https://as.example", 0, Set.of());
    }

    @Benchmark
    public String thumbprint() {
        return CertificateThumbprint.x5tS256(leaf);
    }

    @Benchmark
    public boolean subjectDnMatch() {
        return matcher.matches(DevPki.Values.SUBJECT_DN, subject);
    }

    @Benchmark
    public String jwtSignEs256() throws Exception {
        return sign();
    }

    @Benchmark
    public Object jwtVerifyEs256() throws Exception {
        return validator.validate(signed);
    }

    /** The same token seen again: its verified signature is remembered, the claim rules still run. */
    @Benchmark
    public Object jwtValidateRememberedEs256() throws Exception {
        return remembering.validate(signed);
    }

    private String sign() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue("k1");
        jws.setHeader("typ", "at+jwt");
        jws.setKey(ec.getPrivate());
        return jws.getCompactSerialization();
    }
}
