package org.mtlssuite.authz;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.authz.AuthzTestClient.ADMIN_TOKEN;
import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.authz.AuthzTestClient.registerFresh;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.CodeFlow;
import org.mtlssuite.devsupport.CodeFlow.Pkce;
import org.mtlssuite.devsupport.SuiteTestResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Password guessing is limited per user name and per caller address across authorization requests
 * (issue 16 point 10), without telling whether a user exists; pending requests per address are
 * limited and expire. Each test speaks from its own addresses, reported by a trusted reverse proxy
 * ({@code X-Forwarded-For} from 127.0.0.1), so the tests do not lock each other out.
 */
@QuarkusTest
@TestProfile(LoginThrottleTest.Limits.class)
@WithTestResource(SuiteTestResource.class)
class LoginThrottleTest {

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("authz.login-throttle.per-user", "3"), Map.entry("authz.login-throttle.per-address", "8"),
                    Map.entry("authz.login-throttle.lockout", "PT2S"), Map.entry("authz.login-throttle.max-lockout", "PT4S"),
                    Map.entry("authz.login-throttle.pending-requests-per-address", "4"),
                    Map.entry("authz.authorization.request-lifetime", "PT8S"),
                    Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                    Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                    Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1,::1"));
        }
    }

    static final String CLIENT = "throttle-app";
    static final String REDIRECT = "https://app.example.com/callback";
    static final String LOCKED = "Too many failed sign-in attempts";
    static boolean registered;

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    String base() {
        return https.toString().replaceAll("/$", "");
    }

    @BeforeEach
    void register() {
        if (registered) {
            return;
        }
        registerFresh(base(), Map.of("client_id", CLIENT, "token_endpoint_auth_method", "none",
                "tls_client_certificate_bound_access_tokens", false, "grant_types", List.of("authorization_code"),
                "redirect_uris", List.of(REDIRECT), "scope", "openid accounts:read"));
        for (String user : List.of("tara", "uma")) {
            main(base()).header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON)
                    .body(Map.of("password", user + "-correct-horse")).put("/admin/users/" + user);
        }
        registered = true;
    }

    /**
     * One login attempt in a fresh authorization request (a new GET, as a guesser would do). A request
     * still pending afterwards is then denied, so that the address's pending-request limit stays out of
     * the way (the failure counts do not depend on it).
     */
    Response attempt(String address, String username, String password) {
        OidcBrowser b = new OidcBrowser(base());
        b.forwardedFor = address;
        Response page = b.authorize(CodeFlow.authorizationRequest(CLIENT, REDIRECT, "openid", Pkce.fresh()));
        page.then().statusCode(200);
        Response r = b.submit(page.asString(), "approve", username, password);
        if (r.statusCode() != 303) {
            b.submit(r.asString(), "deny", null, null).then().statusCode(303);
        }
        return r;
    }

    static int waitSeconds(Response locked) {
        Matcher m = Pattern.compile("Wait (\\d+) seconds").matcher(locked.asString());
        assertTrue(m.find(), locked.asString());
        return Integer.parseInt(m.group(1));
    }

    Response until(java.util.function.Supplier<Response> attempt, java.util.function.Predicate<Response> done) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Response r = attempt.get();
            if (done.test(r) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(250);
        }
    }

    static void assertLocked(Response r) {
        r.then().statusCode(429).header("Location", nullValue()).body(containsString(LOCKED));
        assertTrue(r.headers().getValues("Set-Cookie").stream().noneMatch(c -> c.startsWith(OidcBrowser.SESSION_COOKIE)));
    }

    @Test
    void failedLoginsOfOneUserAreCountedAcrossRequestsAndLockItWithGrowingWaits() throws Exception {
        for (int i = 0; i < 3; i++) {
            attempt("10.1.0." + i, "tara", "wrong-password").then().statusCode(200)
                    .body(containsString("Wrong username or password."));
        }
        // Locked: even the right password, from any address, is refused without being checked.
        Response first = attempt("10.1.0.9", "tara", "tara-correct-horse");
        assertLocked(first);
        assertLocked(attempt("10.1.1.1", "tara", "tara-correct-horse"));
        // After the lock-out a wrong password is counted again, and the next lock-out is longer.
        Response counted = until(() -> attempt("10.1.0.10", "tara", "wrong-password"), r -> r.statusCode() == 200);
        counted.then().statusCode(200).body(containsString("Wrong username or password."));
        Response second = attempt("10.1.0.11", "tara", "tara-correct-horse");
        assertLocked(second);
        assertTrue(waitSeconds(second) > waitSeconds(first), "the lock-out grows: " + waitSeconds(first) + " then " + waitSeconds(second));
        // Once it has passed, the right password works and clears the count.
        until(() -> attempt("10.1.0.12", "tara", "tara-correct-horse"), r -> r.statusCode() == 303).then().statusCode(303);
        attempt("10.1.0.13", "tara", "wrong-password").then().statusCode(200);
        attempt("10.1.0.14", "tara", "tara-correct-horse").then().statusCode(303);
    }

    @Test
    void aUserThatDoesNotExistIsLockedExactlyLikeOneThatDoes() {
        for (int i = 0; i < 3; i++) {
            attempt("10.2.0." + i, "ghost-user", "wrong-password").then().statusCode(200)
                    .body(containsString("Wrong username or password."));
        }
        Response ghost = attempt("10.2.0.9", "ghost-user", "any-password");
        assertLocked(ghost);
        assertTrue(ghost.asString().contains(LOCKED + ". Wait "));
    }

    @Test
    void failedLoginsFromOneAddressLockThatAddressForEveryUser() {
        for (int i = 0; i < 8; i++) {
            // Distinct names: no name reaches its own limit, only the address does.
            attempt("10.3.0.1", "guess-" + i, "wrong-password").then().statusCode(200);
        }
        assertLocked(attempt("10.3.0.1", "uma", "uma-correct-horse"));
        // The same user from another address is not affected.
        attempt("10.3.0.2", "uma", "uma-correct-horse").then().statusCode(303);
    }

    @Test
    void pendingRequestsPerAddressAreLimitedAndExpire() throws Exception {
        OidcBrowser b = new OidcBrowser(base());
        b.forwardedFor = "10.4.0.1";
        for (int i = 0; i < 4; i++) {
            b.authorize(CodeFlow.authorizationRequest(CLIENT, REDIRECT, "openid", Pkce.fresh())).then().statusCode(200);
        }
        Response refused = b.authorize(CodeFlow.authorizationRequest(CLIENT, REDIRECT, "openid", Pkce.fresh()));
        refused.then().statusCode(429).header("Location", nullValue()).body(containsString("Too many sign-in requests"));
        OidcBrowser other = new OidcBrowser(base());
        other.forwardedFor = "10.4.0.2";
        other.authorize(CodeFlow.authorizationRequest(CLIENT, REDIRECT, "openid", Pkce.fresh())).then().statusCode(200);
        // They expire (authz.authorization.request-lifetime, 8 s here): the address may start again.
        Response later = until(() -> b.authorize(CodeFlow.authorizationRequest(CLIENT, REDIRECT, "openid", Pkce.fresh())),
                r -> r.statusCode() == 200);
        assertEquals(200, later.statusCode());
    }
}
