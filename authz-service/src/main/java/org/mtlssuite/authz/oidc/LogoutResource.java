package org.mtlssuite.authz.oidc;

import java.net.URI;

import org.mtlssuite.authz.authorize.AuthorizationResource;
import org.mtlssuite.authz.transport.MtlsListener;

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

/** {@code end_session_endpoint} (RP-Initiated Logout 1.0), GET and POST, on the main listener where the browser's cookie lives. */
@Path(LogoutResource.PATH)
public class LogoutResource {

    public static final String PATH = "/logout";

    @Inject
    EndSession endSession;

    @Inject
    MtlsListener mtls;

    @Inject
    @Location("oidc/logout.html")
    Template confirm;

    @Inject
    @Location("oidc/signed-out.html")
    Template signedOut;

    @Inject
    @Location("authorize/error.html")
    Template error;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response get(@Context UriInfo uri, @Context HttpServerRequest request, @CookieParam(LoginSessions.COOKIE) String session) {
        if (mtls.received(request)) {
            return page(error.data("message", "Sign out at " + PATH + " on the main address, not the mTLS one."), 404);
        }
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        return respond(endSession.request(parse(q), session));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response post(MultivaluedMap<String, String> form, @Context HttpServerRequest request,
            @CookieParam(LoginSessions.COOKIE) String session) {
        if (mtls.received(request)) {
            return page(error.data("message", "Sign out at " + PATH + " on the main address, not the mTLS one."), 404);
        }
        if (form.containsKey("csrf_token")) {
            return respond(endSession.confirm(parse(form), single(form, "csrf_token"), "logout".equals(single(form, "decision")),
                    session));
        }
        return respond(endSession.request(parse(form), session));
    }

    private static EndSession.Request parse(MultivaluedMap<String, String> p) {
        return new EndSession.Request(single(p, "id_token_hint"), single(p, "client_id"), single(p, "post_logout_redirect_uri"),
                single(p, "state"));
    }

    /** The value when present once and not empty; a repeated parameter counts as absent. */
    private static String single(MultivaluedMap<String, String> p, String name) {
        var values = p.get(name);
        return values == null || values.size() != 1 || values.get(0) == null || values.get(0).isEmpty() ? null : values.get(0);
    }

    private Response respond(EndSession.Outcome outcome) {
        if (outcome instanceof EndSession.SignedOut s) {
            Response.ResponseBuilder b = s.location() != null
                    ? Response.seeOther(URI.create(s.location())).header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                    : AuthorizationResource.secured(Response.ok(signedOut.render(), MediaType.TEXT_HTML_TYPE));
            return b.header("Set-Cookie", LoginSessions.clearingCookie()).build();
        }
        if (outcome instanceof EndSession.Confirm c) {
            EndSession.Request r = c.request();
            return page(confirm.data("username", c.username()).data("clientName", c.clientName()).data("action", PATH)
                    .data("csrfToken", c.csrfToken()).data("clientId", r.clientId())
                    .data("postLogoutRedirectUri", r.postLogoutRedirectUri()).data("state", r.state()), 200);
        }
        EndSession.Refused refused = (EndSession.Refused) outcome;
        return page(error.data("message", refused.message()), refused.status());
    }

    private static Response page(TemplateInstance page, int status) {
        return AuthorizationResource.secured(Response.status(status).entity(page.render()).type(MediaType.TEXT_HTML_TYPE)).build();
    }
}
