package org.mtlssuite.authz.authorize;

import java.net.URI;

import org.mtlssuite.authz.authorize.AuthorizationOutcome.ErrorPage;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.LoginPage;
import org.mtlssuite.authz.authorize.AuthorizationOutcome.RedirectToClient;
import org.mtlssuite.authz.oidc.LoginSessions;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.clientauth.FormParameters;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.qute.TemplateInstance;

/**
 * The authorization endpoint's HTTP face, on the main listener only: it never requests a client
 * certificate, so a browser never sees a certificate prompt. Pages are server-rendered (Qute,
 * HTML-escaped), never cached or framed.
 */
@Path(AuthorizationResource.PATH)
public class AuthorizationResource {

    public static final String PATH = "/authorize";
    /** Ties a pending request to the browser; {@code __Host-}: Secure, host-only, Path=/. */
    static final String BROWSER_COOKIE = "__Host-mtls-suite-browser";

    @Inject
    AuthorizationFlow flow;

    @Inject
    MtlsListener mtls;

    @Inject
    @Location("authorize/login.html")
    Template login;

    @Inject
    @Location("authorize/error.html")
    Template error;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response authorize(@Context UriInfo uri, @Context HttpServerRequest request,
            @CookieParam(BROWSER_COOKIE) String browserCookie, @CookieParam(LoginSessions.COOKIE) String sessionCookie) {
        if (mtls.received(request)) {
            return page(error.data("message", "Sign in at " + PATH + " on the main address, not the mTLS one."), 404);
        }
        return respond(flow.begin(FormParameters.storableQuery(uri.getRequestUri().getRawQuery()),
                browser(request, browserCookie, sessionCookie)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response decide(MultivaluedMap<String, String> form, @Context HttpServerRequest request,
            @CookieParam(BROWSER_COOKIE) String browserCookie, @CookieParam(LoginSessions.COOKIE) String sessionCookie) {
        if (mtls.received(request)) {
            return page(error.data("message", "Sign in at " + PATH + " on the main address, not the mTLS one."), 404);
        }
        FormParameters.requireStorable(form);
        return respond(flow.decide(form, browser(request, browserCookie, sessionCookie)));
    }

    /**
     * The caller's address is the connection's peer; behind a reverse proxy, Quarkus' forwarded-address
     * support ({@code quarkus.http.proxy.*}) makes it the proxy's client instead.
     */
    static AuthorizationFlow.Browser browser(HttpServerRequest request, String browserCookie, String sessionCookie) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new AuthorizationFlow.Browser(browserCookie, sessionCookie, address);
    }

    private Response respond(AuthorizationOutcome outcome) {
        if (outcome instanceof RedirectToClient r) {
            Response.ResponseBuilder b = Response.seeOther(URI.create(r.location())).header("Cache-Control", "no-store")
                    .header("Referrer-Policy", "no-referrer");
            if (r.newSession() != null) {
                b.header("Set-Cookie", LoginSessions.settingCookie(r.newSession()));
            }
            return b.build();
        }
        if (outcome instanceof ErrorPage e) {
            return page(error.data("message", e.message()), e.status());
        }
        LoginPage p = (LoginPage) outcome;
        PendingAuthorization r = p.request();
        String html = login.data("clientName", p.clientName()).data("scopes", ScopeDescriptions.of(r.scope))
                .data("redirectHost", URI.create(r.redirectUri).getHost()).data("error", p.error()).data("action", PATH)
                .data("requestId", r.requestId).data("csrfToken", r.csrfToken).data("consentOnly", p.consentOnly())
                .data("sessionUser", r.sessionSubject).data("username", p.username()).render();
        return secured(Response.status(p.status()).entity(html).type(MediaType.TEXT_HTML_TYPE))
                .header("Set-Cookie", BROWSER_COOKIE + "=" + p.browserCookie() + "; Path=/; Secure; HttpOnly; SameSite=Lax")
                .build();
    }

    private Response page(TemplateInstance page, int status) {
        return secured(Response.status(status).entity(page.render()).type(MediaType.TEXT_HTML_TYPE)).build();
    }

    /** Headers of every page the AS shows a person (also used by the logout pages). */
    public static Response.ResponseBuilder secured(Response.ResponseBuilder b) {
        return b.header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
                .header("Referrer-Policy", "no-referrer").header("X-Content-Type-Options", "nosniff");
    }
}
