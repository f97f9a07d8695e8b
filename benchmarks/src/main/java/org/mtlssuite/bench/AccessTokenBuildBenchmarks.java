package org.mtlssuite.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.mtlssuite.crypto.NativeCrypto;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jose4j.json.JsonUtil;

/**
 * JMH: assembling and signing one RFC 9068 access token (ES256), the claims and header the AS's
 * AccessTokenIssuer writes (iss, sub, client_id, aud, iat, exp, jti, scope, cnf; alg, kid,
 * typ at+jwt), once with jose4j directly (what the AS does) and once with SmallRye JWT's builder
 * (which sits on jose4j). Both build the claims afresh per token, as the issuer does. Figures and
 * command: docs/architecture.md, "Why jose4j assembles the tokens".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccessTokenBuildBenchmarks {

    static final String ISSUER = "https://localhost:8443";
    static final String KID = "es256-0123456789abcdef";
    static final long LIFETIME = 300;

    /** The JCA provider that signs: the JDK's, or Amazon Corretto's as the services install it where it loads. */
    @Param({ "jdk", "corretto" })
    public String provider;

    KeyPair ec;
    Map<String, Object> cnf;
    List<String> audience;

    @Setup
    public void setUp() throws Exception {
        if ("corretto".equals(provider)) {
            NativeCrypto.installCorrettoProvider();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ec = g.generateKeyPair();
        cnf = Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2");
        audience = List.of("sample-resource");
        // Both paths must write the same token shape, or the comparison says nothing.
        String a = shape(jose4j());
        String b = shape(smallryeJwtBuilder());
        if (!a.equals(b)) {
            throw new IllegalStateException("the two paths build different tokens: " + a + " vs " + b);
        }
    }

    /** Header and claim names with the values that do not change per token. */
    private String shape(String jwt) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        jws.setKey(ec.getPublic());
        if (!jws.verifySignature()) {
            throw new IllegalStateException("signature does not verify");
        }
        JwtClaims c = JwtClaims.parse(jws.getPayload());
        return new TreeMap<>(Map.of("alg", jws.getAlgorithmHeaderValue(), "kid", jws.getKeyIdHeaderValue(),
                "typ", jws.getHeader("typ"), "headers", new TreeSet<>(JsonUtil.parseJson(
                        jws.getHeaders().getFullHeaderAsJsonString()).keySet()).toString()))
                + " " + new TreeSet<>(c.getClaimNames()) + " iss=" + c.getIssuer() + " sub=" + c.getSubject()
                + " aud=" + c.getClaimValue("aud") + " scope=" + c.getClaimValue("scope") + " cnf=" + c.getClaimValue("cnf")
                + " lifetime=" + (c.getExpirationTime().getValue() - c.getIssuedAt().getValue());
    }

    /**
     * CPU time of the benchmark thread per token, besides JMH's wall-clock time: on a machine shared
     * with other work the thread waits for a core, which wall-clock time counts and this does not.
     * JMH reports the sum of this counter over the measurement iterations; each iteration's value
     * is in the JSON result's rawData ({@code -rf json}).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private long startedAt;
        private long cpuNanos;
        private long tokens;

        @Setup(Level.Iteration)
        public void start() {
            tokens = 0;
            cpuNanos = 0;
            startedAt = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - startedAt;
        }

        /** Microseconds of CPU per token in the iteration. */
        public double cpuMicrosPerToken() {
            return tokens == 0 ? 0 : cpuNanos / 1000.0 / tokens;
        }
    }

    @Benchmark
    public String jose4j(CpuTime cpu) throws Exception {
        cpu.tokens++;
        return jose4j();
    }

    @Benchmark
    public String smallryeJwtBuilder(CpuTime cpu) {
        cpu.tokens++;
        return smallryeJwtBuilder();
    }

    /** The AS's current path (AccessTokenIssuer.issue). */
    String jose4j() throws Exception {
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("payments-client");
        claims.setClaim("client_id", "payments-client");
        if (audience.size() == 1) {
            claims.setAudience(audience.get(0));
        } else {
            claims.setAudience(audience);
        }
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + LIFETIME));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("scope", "accounts:read payments:write");
        claims.setClaim("cnf", cnf);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue(KID);
        jws.setHeader("typ", "at+jwt");
        jws.setKey(ec.getPrivate());
        return jws.getCompactSerialization();
    }

    /** The same token with SmallRye JWT's builder. */
    String smallryeJwtBuilder() {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims()
                .issuer(ISSUER)
                .subject("payments-client")
                .claim("client_id", "payments-client")
                .audience(audience.get(0))
                .issuedAt(now)
                .expiresAt(now + LIFETIME)
                .claim("jti", UUID.randomUUID().toString())
                .claim("scope", "accounts:read payments:write")
                .claim("cnf", cnf)
                .jws()
                .algorithm(SignatureAlgorithm.ES256)
                .keyId(KID)
                .type("at+jwt")
                .sign(ec.getPrivate());
    }
}
