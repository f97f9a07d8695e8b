package org.mtlssuite.authz;

import static io.restassured.RestAssured.given;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.devsupport.TestTls;
import org.mtlssuite.pki.DevPkiFiles;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** HTTP calls to the AS under test over real TLS, with dev PKI certificates. */
final class AuthzTestClient {

    static final String ADMIN_TOKEN = "test-admin-token";

    private AuthzTestClient() {
    }

    static DevPkiFiles pki() {
        return SuiteTestResource.pki();
    }

    /** The main listener (no client certificate requested). */
    static RequestSpecification main(String baseUrl) {
        return given().config(TestTls.restAssured(pki(), null)).baseUri(baseUrl);
    }

    /** The mTLS listener, presenting {@code fixture}'s certificate (none when null). */
    static RequestSpecification mtls(int port, String fixture) {
        return given().config(TestTls.restAssured(pki(), fixture)).baseUri("https://localhost:" + port);
    }

    static Response register(String baseUrl, Map<String, Object> metadata) {
        return main(baseUrl).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(metadata).post("/admin/clients");
    }

    static void registerFresh(String baseUrl, Map<String, Object> metadata) {
        main(baseUrl).header("Authorization", "Bearer " + ADMIN_TOKEN).delete("/admin/clients/" + metadata.get("client_id"));
        register(baseUrl, metadata).then().statusCode(201);
    }

    static X509Certificate leaf(String fixture) throws Exception {
        try (InputStream in = Files.newInputStream(pki().clientCert(fixture))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** x5t#S256 computed here with the JDK, independently of production code. */
    static String expectedThumbprint(String fixture) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(leaf(fixture).getEncoded());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }
}
