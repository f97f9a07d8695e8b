package org.mtlssuite.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.binding.PemTls;
import org.mtlssuite.pki.DevPki;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

/**
 * jwks_uri fetches against real local servers on port 0: a trickling body and a stalled server hit
 * the one deadline; concurrent callers share one fetch; failures back off; the connection goes to
 * the address that passed the SSRF check with the host kept for Host, SNI and certificate checks;
 * errors are plain words.
 */
class JwksUriClientTest {

    static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z]+(Exception|Error)|\\bjava\\.|\\bio\\.");
    static final String HOST = "jwks.localtest";

    static Vertx vertx;
    static Path pki;
    static String jwksBody;

    final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeAll
    static void setUp(@TempDir Path dir) throws Exception {
        vertx = Vertx.vertx();
        pki = dir;
        new DevPki.SecretIssuer("CN=jwks test CA").writeSecret(dir, "CN=" + HOST, List.of(HOST), List.of("server auth"));
        X509Certificate cert;
        try (var in = Files.newInputStream(dir.resolve("tls.crt"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(cert.getPublicKey());
        jwk.setCertificateChain(cert);
        jwksBody = new ObjectMapper().writeValueAsString(Map.of("keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    static JwksUriClient.Settings settings(boolean allowPrivate, Duration deadline) {
        return new JwksUriClient.Settings(Duration.ofSeconds(2), Duration.ofSeconds(3), deadline, 65536, Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofMinutes(5), true, allowPrivate, Optional.of(pki.resolve("ca.crt").toString()));
    }

    static JwksUriClient client(boolean allowPrivate, Duration deadline, JwksUriClient.Resolver resolver) {
        return new JwksUriClient(settings(allowPrivate, deadline), vertx, resolver, Clock.systemUTC());
    }

    /** A one-thread-per-connection server on 127.0.0.1, port 0; {@code handler} gets each accepted socket. */
    record Server(ServerSocket socket, AtomicInteger connections, Thread thread) implements AutoCloseable {
        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    Server serve(ServerSocket socket, Consumer<Socket> handler) {
        AtomicInteger connections = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread worker = new Thread(() -> {
                        try (s) {
                            handler.accept(s);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                    });
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        Server server = new Server(socket, connections, t);
        servers.add(server);
        return server;
    }

    static ServerSocket plain() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /** Reads the request head; returns its lines. */
    static List<String> requestHead(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTricklingBodyIsCutAtTheDeadline() throws Exception {
        Server server = serve(plain(), s -> {
            try {
                requestHead(s);
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // One byte every 100 ms: never silent for the 3 s read timeout, never done either.
                for (int i = 0; i < 600 && !s.isClosed(); i++) {
                    out.write(' ');
                    out.flush();
                    sleep(100);
                }
            } catch (IOException ignored) {
                // cut by the client, as it should
            }
        });
        JwksUriClient c = client(true, Duration.ofMillis(1500), h -> new InetAddress[] { InetAddress.getByName("127.0.0.1") });
        long t0 = System.nanoTime();
        JwksUriClient.JwksFetchException e = assertThrows(JwksUriClient.JwksFetchException.class,
                () -> c.certificates("http://localhost:" + server.port() + "/jwks"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("jwks_uri did not answer completely within 1500 ms", e.getMessage());
        assertTrue(millis >= 1400 && millis < 3000, "the whole fetch ended at the deadline, took " + millis + " ms");
    }

    @Test
    void aStalledServerGetsOneFetchFromManyCallersThenABackOff() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Server server = serve(plain(), s -> {
            try {
                requestHead(s);
                release.await(20, TimeUnit.SECONDS); // never answers in time
            } catch (IOException | InterruptedException ignored) {
                // done
            }
        });
        JwksUriClient c = client(true, Duration.ofSeconds(1), h -> new InetAddress[] { InetAddress.getByName("127.0.0.1") });
        String uri = "http://localhost:" + server.port() + "/jwks";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> calls = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        c.certificates(uri);
                        return "ok";
                    } catch (JwksUriClient.JwksFetchException e) {
                        return e.getMessage();
                    }
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<String> f : calls) {
                String outcome = f.get(10, TimeUnit.SECONDS);
                assertTrue(outcome.startsWith("jwks_uri did not answer completely within 1000 ms"), outcome);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis < 3500, "every caller was answered about the deadline, took " + millis + " ms");
            assertEquals(1, server.connections().get(), "one fetch in flight per URI");

            // The failure is remembered: no new connection during the back-off, the same plain reason.
            JwksUriClient.JwksFetchException again = assertThrows(JwksUriClient.JwksFetchException.class, () -> c.refetch(uri));
            assertTrue(again.getMessage().matches("jwks_uri did not answer completely within 1000 ms; next attempt in \\d+ s"),
                    again.getMessage());
            assertEquals(1, server.connections().get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals(Duration.ofSeconds(10), c.backoff(1));
        assertEquals(Duration.ofSeconds(40), c.backoff(3));
        assertEquals(Duration.ofMinutes(5), c.backoff(30));
    }

    @Test
    void connectsToTheCheckedAddressKeepingTheHostForHostHeaderSniAndCertificate() throws Exception {
        SSLServerSocket tls = (SSLServerSocket) PemTls.context(null, pki.resolve("tls.crt"), pki.resolve("tls.key"))
                .getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        List<String> hosts = new CopyOnWriteArrayList<>();
        List<String> sni = new CopyOnWriteArrayList<>();
        Server server = serve(tls, s -> {
            try {
                SSLSocket ssl = (SSLSocket) s;
                ssl.startHandshake();
                ((ExtendedSSLSession) ssl.getSession()).getRequestedServerNames()
                        .forEach(n -> sni.add(((SNIHostName) n).getAsciiName()));
                requestHead(s).stream().filter(l -> l.regionMatches(true, 0, "Host:", 0, 5))
                        .forEach(l -> hosts.add(l.substring(5).trim()));
                byte[] body = jwksBody.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/jwk-set+json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException ignored) {
                // handshake refused by the client
            }
        });
        // DNS rebinding: the first answer (checked) is the server, later answers point elsewhere.
        AtomicInteger lookups = new AtomicInteger();
        JwksUriClient.Resolver rebinding = h -> {
            assertEquals(HOST, h);
            return new InetAddress[] { InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2") };
        };
        JwksUriClient c = client(true, Duration.ofSeconds(5), rebinding);
        String uri = "https://" + HOST + ":" + server.port() + "/jwks";
        assertEquals(1, c.certificates(uri).size());
        assertEquals(1, lookups.get(), "the host was resolved once, for the check, and that address was used");
        assertEquals(List.of(HOST + ":" + server.port()), hosts, "Host header");
        assertEquals(List.of(HOST), sni, "SNI");

        // The certificate is verified against the URI's host: another name for the same address is refused.
        JwksUriClient other = client(true, Duration.ofSeconds(5), h -> new InetAddress[] { InetAddress.getByName("127.0.0.1") });
        JwksUriClient.JwksFetchException e = assertThrows(JwksUriClient.JwksFetchException.class,
                () -> other.certificates("https://other.localtest:" + server.port() + "/jwks"));
        assertEquals("jwks_uri TLS handshake failed (the server certificate is not trusted or does not name the host)", e.getMessage());
    }

    @Test
    void theSsrfCheckRefusesPrivateAnswersAndErrorsArePlainWords() throws Exception {
        JwksUriClient strict = client(false, Duration.ofSeconds(2), h -> new InetAddress[] { InetAddress.getByName("8.8.8.8"),
                InetAddress.getByName("10.1.2.3") });
        assertEquals("jwks_uri points to a loopback, link-local or private address",
                assertThrows(JwksUriClient.JwksFetchException.class, () -> strict.certificates("https://mixed.example/jwks")).getMessage());
        assertEquals("jwks_uri must use https", assertThrows(JwksUriClient.JwksFetchException.class,
                () -> client(false, Duration.ofSeconds(2), h -> null).check(java.net.URI.create("ftp://a.example/jwks"))).getMessage());

        JwksUriClient lenient = client(true, Duration.ofSeconds(2), h -> {
            throw new java.net.UnknownHostException(h);
        });
        assertEquals("jwks_uri host does not resolve",
                assertThrows(JwksUriClient.JwksFetchException.class, () -> lenient.certificates("https://nowhere.localtest/jwks"))
                        .getMessage());

        int closedPort;
        try (ServerSocket s = plain()) {
            closedPort = s.getLocalPort();
        }
        JwksUriClient c = client(true, Duration.ofSeconds(2), h -> new InetAddress[] { InetAddress.getByName("127.0.0.1") });
        String refused = assertThrows(JwksUriClient.JwksFetchException.class,
                () -> c.certificates("http://localhost:" + closedPort + "/jwks")).getMessage();
        assertEquals("jwks_uri host refused or did not accept the connection", refused);

        Server notFound = serve(plain(), s -> {
            try {
                requestHead(s);
                s.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // done
            }
        });
        assertEquals("jwks_uri answered HTTP 404", assertThrows(JwksUriClient.JwksFetchException.class,
                () -> c.certificates("http://localhost:" + notFound.port() + "/jwks")).getMessage());

        Server garbage = serve(plain(), s -> {
            try {
                requestHead(s);
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nnot-json".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // done
            }
        });
        String unusable = assertThrows(JwksUriClient.JwksFetchException.class,
                () -> c.certificates("http://localhost:" + garbage.port() + "/jwks")).getMessage();
        assertTrue(unusable.startsWith("jwks_uri content is unusable"), unusable);
        for (String m : List.of(refused, unusable)) {
            assertFalse(CLASS_NAME.matcher(m).find(), "no exception class names: " + m);
        }
    }

    @Test
    void theSizeCapHolds() throws Exception {
        Server big = serve(plain(), s -> {
            try {
                requestHead(s);
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = ("2000\r\n" + " ".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 100; i++) {
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException ignored) {
                // cut by the client
            }
        });
        JwksUriClient c = client(true, Duration.ofSeconds(5), h -> new InetAddress[] { InetAddress.getByName("127.0.0.1") });
        assertEquals("jwks_uri document is larger than 65536 bytes", assertThrows(JwksUriClient.JwksFetchException.class,
                () -> c.certificates("http://localhost:" + big.port() + "/jwks")).getMessage());
        assertTrue(big.connections().get() == 1);
    }
}
