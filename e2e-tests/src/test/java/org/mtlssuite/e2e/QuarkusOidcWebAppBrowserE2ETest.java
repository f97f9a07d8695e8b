package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mtlssuite.devsupport.DemoClients;
import org.mtlssuite.pki.DevPki.Clients;
import org.mtlssuite.pki.DevPki.Values;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code examples/quarkus-oidc-web-app} in a real browser: headless Chromium opens the application,
 * is sent to our login page, signs in as the demo user, consents, and lands back on the application,
 * which shows the name from the ID token. Also what a person sees when the password is wrong, and
 * what the application gets when the person denies. Screenshots of the login and consent pages at
 * desktop and phone sizes go to {@code target/screenshots/}.
 */
class QuarkusOidcWebAppBrowserE2ETest {

    static final String CLIENT = "quarkus-oidc-web-app";
    /** The web application's client certificate (tls_client_auth by subject DN). */
    static final String CERT = Clients.SUBJECT_DN;
    static final String USER = DemoClients.DEMO_USER;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static ExampleApp app;
    static HeadlessChromium browser;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        int port = E2eSuite.get().freePort();
        String redirect = "https://localhost:" + port + "/callback";
        admin("DELETE", "/admin/clients/" + CLIENT, null);
        var registered = admin("POST", "/admin/clients", Map.of("client_id", CLIENT, "client_name", "Example web app",
                "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_subject_dn", Values.SUBJECT_DN,
                "tls_client_certificate_bound_access_tokens", true, "grant_types", List.of("authorization_code", "refresh_token"),
                "redirect_uris", List.of(redirect), "scope", "openid profile"));
        assertEquals(201, registered.statusCode(), registered.body());
        password = Files.readString(E2eSuite.get().demoUserPasswordFile()).trim();
        app = ExampleApp.start("quarkus-oidc-web-app", port, Map.of());
        browser = HeadlessChromium.start(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** Each test starts signed out everywhere: the app and the AS share the host, so one cookie jar. */
    @BeforeEach
    void signedOut() {
        browser.driver.get(app.url() + "/signin-error");
        browser.driver.manage().deleteAllCookies();
    }

    WebDriverWait waiting() {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(20));
    }

    /** Opens the application and waits for the authorization server's login form. */
    void openAppAndArriveAtLogin() throws Exception {
        browser.driver.get(app.url() + "/");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        String at = browser.driver.getCurrentUrl();
        assertTrue(at.startsWith(E2eSuite.get().manifest().authzUrl() + "/"), "the login page is the AS's: " + at);
    }

    void typeCredentials(String user, String pass) {
        WebElement username = browser.driver.findElement(By.name("username"));
        username.clear();
        username.sendKeys(user);
        WebElement pw = browser.driver.findElement(By.name("password"));
        pw.clear();
        pw.sendKeys(pass);
    }

    void press(String decision) {
        browser.driver.findElement(By.cssSelector("button[name=decision][value=" + decision + "]")).click();
    }

    @Test
    void signsInThroughTheAuthorizationServerAndShowsTheNameFromTheIdToken() throws Exception {
        openAppAndArriveAtLogin();
        URI authorize = URI.create(browser.driver.getCurrentUrl());
        String query = authorize.getQuery();
        assertTrue(query.contains("client_id=" + CLIENT), query);
        assertTrue(query.contains("code_challenge_method=S256") && query.contains("code_challenge="), "PKCE: " + query);
        assertTrue(query.contains("nonce="), "nonce: " + query);
        assertTrue(query.contains("scope=openid"), query);
        browser.screenshot("login-desktop", HeadlessChromium.DESKTOP);
        browser.screenshot("login-phone", HeadlessChromium.PHONE);
        assertFalse(browser.overflowsHorizontally(HeadlessChromium.PHONE), "the login page scrolls sideways on a phone");

        typeCredentials(USER, password);
        press("approve");

        WebElement name = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
        assertTrue(browser.driver.getCurrentUrl().startsWith(app.url() + "/"), browser.driver.getCurrentUrl());
        assertEquals(USER, name.getText());
        assertEquals(USER, browser.driver.findElement(By.id("subject")).getText());
        assertEquals(E2eSuite.get().manifest().issuer(), browser.driver.findElement(By.id("issuer")).getText());
    }

    @Test
    void wrongPasswordShowsAVisibleErrorAndNoSignIn() throws Exception {
        openAppAndArriveAtLogin();
        typeCredentials(USER, password + "-wrong");
        press("approve");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertFalse(error.getText().isBlank());
        assertTrue(browser.driver.getCurrentUrl().startsWith(E2eSuite.get().manifest().authzUrl() + "/"),
                "still at the AS: " + browser.driver.getCurrentUrl());
        assertTrue(browser.driver.findElements(By.id("user-name")).isEmpty());
        browser.screenshot("login-error-desktop", HeadlessChromium.DESKTOP);
        browser.screenshot("login-error-phone", HeadlessChromium.PHONE);
    }

    @Test
    void denyingReturnsAccessDeniedToTheApplication() throws Exception {
        openAppAndArriveAtLogin();
        typeCredentials(USER, password);
        press("deny");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertEquals("access_denied", error.getText());
        assertTrue(browser.driver.getCurrentUrl().startsWith(app.url() + "/signin-error"), browser.driver.getCurrentUrl());
        assertTrue(browser.driver.findElements(By.id("user-name")).isEmpty());
        // Still signed out: the protected page sends the browser to the AS again.
        openAppAndArriveAtLogin();
    }
}
