package org.mtlssuite.authz;

import static org.mtlssuite.authz.AuthzTestClient.main;
import static org.mtlssuite.devsupport.CodeFlow.hiddenField;
import static org.mtlssuite.devsupport.CodeFlow.queryOf;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A browser for the authorization and logout endpoints: it keeps the two cookies the AS sets (the
 * request-binding cookie and the login session cookie) and, when {@code forwardedFor} is set, sends
 * the address a trusted reverse proxy would report. The authorization request's parameters, the
 * page's hidden fields and the redirect's query come from {@link org.mtlssuite.devsupport.CodeFlow}.
 */
final class OidcBrowser {

    static final String BINDING_COOKIE = "__Host-mtls-suite-browser";
    static final String SESSION_COOKIE = "__Host-mtls-suite-session";

    final String base;
    String bindingCookie;
    String sessionCookie;
    String forwardedFor;

    OidcBrowser(String base) {
        this.base = base;
    }

    RequestSpecification request() {
        RequestSpecification spec = main(base).redirects().follow(false);
        if (bindingCookie != null) {
            spec = spec.cookie(BINDING_COOKIE, bindingCookie);
        }
        if (sessionCookie != null) {
            spec = spec.cookie(SESSION_COOKIE, sessionCookie);
        }
        if (forwardedFor != null) {
            spec = spec.header("X-Forwarded-For", forwardedFor);
        }
        return spec;
    }

    /** Remembers the cookies a response sets (an empty value with Max-Age=0 forgets one). */
    Response keep(Response r) {
        for (String header : r.headers().getValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (BINDING_COOKIE.equals(name)) {
                bindingCookie = value.isEmpty() ? null : value;
            } else if (SESSION_COOKIE.equals(name)) {
                sessionCookie = value.isEmpty() ? null : value;
            }
        }
        return r;
    }

    Response authorize(Map<String, String> params) {
        return keep(request().queryParams(params).get("/authorize"));
    }

    /** Posts the page's form with a decision and, for the login form, credentials. */
    Response submit(String page, String decision, String username, String password) {
        RequestSpecification spec = request().contentType(ContentType.URLENC).formParam("request_id", hiddenField(page, "request_id"))
                .formParam("csrf_token", hiddenField(page, "csrf_token")).formParam("decision", decision);
        if (username != null) {
            spec = spec.formParam("username", username);
        }
        if (password != null) {
            spec = spec.formParam("password", password);
        }
        return keep(spec.post("/authorize"));
    }

    /** Login page, then approve with the password: the redirect's query. */
    Map<String, String> signInAndAllow(Map<String, String> params, String username, String password) {
        Response page = authorize(params);
        page.then().statusCode(200);
        Response r = submit(page.asString(), "approve", username, password);
        r.then().statusCode(303);
        return queryOf(r.header("Location"));
    }
}
