package org.mtlssuite.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mtlssuite.authz.AuthzTestClient.mtls;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.devsupport.SuiteTestResource;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;

import com.nimbusds.jwt.SignedJWT;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * RFC 7009 2.2: revoking a token that is already revoked is a success. So is revoking it from several
 * requests at once (a client retrying, two replicas of a client): each answer is 200, never a 500 from
 * two inserts of the same jti, and the revocation is recorded once.
 */
@QuarkusTest
@WithTestResource(SuiteTestResource.class)
class ConcurrentRevocationTest {

    private static final int CALLERS = 8;

    /** Enough for the old read-then-insert to meet its race (it failed in the first rounds on two cores). */
    private static final int ROUNDS = 30;

    private static final String CLIENT = "revocation-race";

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Inject
    MtlsListener mtlsListener;

    @Inject
    GuardedJdbc db;

    @BeforeEach
    void registerClient() {
        registerFresh(https.toString().replaceAll("/$", ""),
                ClientCredentialsMtlsTest.client(CLIENT, "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN));
    }

    @Test
    void oneAccessTokenRevokedByConcurrentRequestsIsRevokedOnceAndEveryAnswerIs200() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String jwt = mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("grant_type", "client_credentials")
                    .formParam("client_id", CLIENT).post("/token").then().statusCode(200).extract().path("access_token");
            String jti = SignedJWT.parse(jwt).getJWTClaimsSet().getJWTID();
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            try {
                List<Callable<Response>> calls = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    calls.add(() -> mtls(mtlsListener.port(), Clients.SUBJECT_DN).formParam("client_id", CLIENT)
                            .formParam("token", jwt).formParam("token_type_hint", "access_token").post("/revoke"));
                }
                for (Future<Response> f : pool.invokeAll(calls)) {
                    Response r = f.get();
                    assertEquals(200, r.statusCode(), "round " + round + ": " + r.asString());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, db.count("select count(*) from revoked_token where jti = ?", GuardedJdbc.values(jti), "test read"),
                    "the revocation is recorded once");
        }
    }
}
