package org.mtlssuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtlssuite.e2e.E2eSuite.admin;

import java.net.URI;
import java.net.http.HttpResponse;
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
import org.mtlssuite.pki.DevPki.Values;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code examples/quarkus-oidc-web-app} in a real browser: headless Chromium opens the application,
 * is sent to our login page, signs in as the demo user, consents, and lands back on the application,
 * which shows the name from the ID token. Also what a person sees when the password is wrong, and
 * that denying brings {@code access_denied} back to the application. Screenshots of the login and
 * consent pages at desktop and phone sizes go to {@code target/screenshots/}.
 */
class QuarkusOidcWebAppBrowserE2ETest {

    static final String CLIENT = "quarkus-oidc-web-app";
    static final String USER = DemoClients.DEMO_USER;
    static final String NAME = "Demo User";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static ExampleApp app;
    static HeadlessChromium browser;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        // First, so that a machine without chromedriver fails at once with what to install.
        browser = HeadlessChromium.start(SCREENSHOTS);
        int port = E2eSuite.get().freePort();
        // The launcher's job for a user of the example: register the client through the admin API.
        admin("DELETE", "/admin/clients/" + CLIENT, null);
        HttpResponse<String> registered = admin("POST", "/admin/clients", Map.of("client_id", CLIENT, "client_name",
                "Example web app", "token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_subject_dn",
                Values.SUBJECT_DN, "tls_client_certificate_bound_access_tokens", true, "grant_types",
                List.of("authorization_code", "refresh_token"), "redirect_uris", List.of("https://localhost:" + port + "/callback"),
                "scope", "openid profile"));
        assertEquals(201, registered.statusCode(), registered.body());
        password = Files.readString(E2eSuite.get().demoUserPasswordFile()).trim();
        // The demo user's display name (an OpenID Connect claim kept by the AS), same password.
        HttpResponse<String> user = admin("PUT", "/admin/users/" + USER, Map.of("password", password, "name", NAME));
        assertEquals(200, user.statusCode(), user.body());
        app = ExampleApp.start("quarkus-oidc-web-app", port, Map.of());
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

    String at() {
        return browser.driver.getCurrentUrl();
    }

    /** Opens the application and waits until the browser shows the AS's page with this element. */
    void openAppAndArriveAtAs(By element) throws Exception {
        browser.driver.get(app.url() + "/");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(element));
        assertTrue(at().startsWith(E2eSuite.authzUrl() + "/authorize"), "the page is the AS's: " + at());
    }

    void typeCredentials(String user, String pass) {
        WebElement username = browser.driver.findElement(By.id("username"));
        username.clear();
        username.sendKeys(user);
        WebElement pw = browser.driver.findElement(By.id("password"));
        pw.clear();
        pw.sendKeys(pass);
    }

    void press(String decision) {
        browser.driver.findElement(By.cssSelector("button[name=decision][value=" + decision + "]")).click();
    }

    /** Waits for the application's signed-in page and checks the name came from the ID token. */
    void assertSignedInToTheApp() throws Exception {
        WebElement name = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
        assertTrue(at().startsWith(app.url() + "/"), at());
        assertEquals(NAME, name.getText());
        assertEquals(USER, browser.driver.findElement(By.id("subject")).getText());
        assertEquals(E2eSuite.get().manifest().issuer(), browser.driver.findElement(By.id("issuer")).getText());
        // quarkus-oidc fetched UserInfo from the mTLS listener with the app's certificate-bound access token.
        assertEquals(NAME, browser.driver.findElement(By.id("userinfo-name")).getText());
    }

    /** The focused element, then the next ones reached with Tab: each named by its id or button value. */
    List<String> focusOrder(int count) {
        List<String> order = new java.util.ArrayList<>();
        WebElement focused = browser.driver.switchTo().activeElement();
        for (int i = 0; i < count; i++) {
            String id = focused.getAttribute("id");
            order.add(id != null && !id.isEmpty() ? id : focused.getAttribute("value"));
            if (i + 1 < count) {
                focused.sendKeys(Keys.TAB);
                focused = browser.driver.switchTo().activeElement();
            }
        }
        return order;
    }

    /** Drops the application's session cookie only: the AS's login session stays. */
    void signOutOfTheAppOnly() {
        for (Cookie c : browser.driver.manage().getCookies()) {
            if (c.getName().startsWith("q_session")) {
                browser.driver.manage().deleteCookie(c);
            }
        }
    }

    @Test
    void signsInThroughTheAuthorizationServerAndShowsTheNameFromTheIdToken() throws Exception {
        openAppAndArriveAtAs(By.id("username"));
        String query = URI.create(at()).getQuery();
        assertTrue(query.contains("client_id=" + CLIENT), query);
        assertTrue(query.contains("response_type=code"), query);
        assertTrue(query.contains("code_challenge_method=S256") && query.contains("code_challenge="), "PKCE: " + query);
        assertTrue(query.contains("nonce="), "nonce: " + query);
        assertTrue(query.contains("scope=openid") && query.contains("profile"), query);
        // Accessibility basics a screen reader relies on: each field has its label, the page its language.
        assertEquals("username", browser.driver.findElement(By.cssSelector("label[for=username]")).getAttribute("for"));
        assertEquals("password", browser.driver.findElement(By.cssSelector("label[for=password]")).getAttribute("for"));
        assertEquals("en", browser.driver.findElement(By.tagName("html")).getAttribute("lang"));
        // Keyboard: the cursor starts in the username field, and Tab walks the form in reading order.
        assertEquals(List.of("username", "password", "approve", "deny"), focusOrder(4));
        browser.screenshot("login-desktop", HeadlessChromium.DESKTOP);
        browser.screenshot("login-phone", HeadlessChromium.PHONE);
        assertFalse(browser.overflowsHorizontally(HeadlessChromium.PHONE), "the login page scrolls sideways on a phone");

        typeCredentials(USER, password);
        press("approve");
        assertSignedInToTheApp();
    }

    @Test
    void signedInUserConsentsOnTheConsentPageAndDenyingReturnsAccessDenied() throws Exception {
        openAppAndArriveAtAs(By.id("username"));
        typeCredentials(USER, password);
        press("approve");
        assertSignedInToTheApp();
        // The AS forgets the consent; the app forgets its session. The AS session remains: consent only.
        assertEquals(204, admin("DELETE", "/admin/users/" + USER + "/consents/" + CLIENT, null).statusCode());
        signOutOfTheAppOnly();

        openAppAndArriveAtAs(By.cssSelector("button[name=decision][value=approve]"));
        assertTrue(browser.driver.findElements(By.id("password")).isEmpty(), "signed in: no password asked");
        assertTrue(browser.driver.getPageSource().contains("Example web app"));
        browser.screenshot("consent-desktop", HeadlessChromium.DESKTOP);
        browser.screenshot("consent-phone", HeadlessChromium.PHONE);
        assertFalse(browser.overflowsHorizontally(HeadlessChromium.PHONE), "the consent page scrolls sideways on a phone");
        assertEquals(List.of("approve", "deny", "switch_user"), focusOrder(3));

        press("deny");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertEquals("access_denied", error.getText());
        assertTrue(at().startsWith(app.url() + "/signin-error"), at());
        assertTrue(browser.driver.findElements(By.id("user-name")).isEmpty());

        // Asked again (nothing was remembered), and this time allowed.
        openAppAndArriveAtAs(By.cssSelector("button[name=decision][value=approve]"));
        press("approve");
        assertSignedInToTheApp();
    }

    @Test
    void wrongPasswordShowsAVisibleErrorAndDoesNotSignIn() throws Exception {
        openAppAndArriveAtAs(By.id("username"));
        typeCredentials(USER, password + "-wrong");
        press("approve");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]")));
        assertTrue(error.getText().contains("Wrong username or password"), error.getText());
        assertTrue(at().startsWith(E2eSuite.authzUrl() + "/"), "still at the AS: " + at());
        // The error is tied to the fields for assistive technology, and the username is kept.
        WebElement pw = browser.driver.findElement(By.id("password"));
        assertEquals("true", pw.getAttribute("aria-invalid"));
        assertEquals(error.getAttribute("id"), pw.getAttribute("aria-describedby"));
        assertEquals(USER, browser.driver.findElement(By.id("username")).getAttribute("value"));
        assertTrue(browser.driver.findElements(By.id("user-name")).isEmpty());
        browser.screenshot("login-error-desktop", HeadlessChromium.DESKTOP);
        browser.screenshot("login-error-phone", HeadlessChromium.PHONE);
        assertFalse(browser.overflowsHorizontally(HeadlessChromium.PHONE), "the error page scrolls sideways on a phone");

        // The right password on the same page still works.
        typeCredentials(USER, password);
        press("approve");
        assertSignedInToTheApp();
    }

    @Test
    void denyingOnTheLoginPageReturnsAccessDeniedToTheApplication() throws Exception {
        openAppAndArriveAtAs(By.id("username"));
        press("deny");
        WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertEquals("access_denied", error.getText());
        assertTrue(at().startsWith(app.url() + "/signin-error"), at());
        // Still signed out: the protected page sends the browser to the AS again.
        openAppAndArriveAtAs(By.id("username"));
    }
}
