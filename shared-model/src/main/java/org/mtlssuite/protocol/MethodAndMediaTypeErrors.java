package org.mtlssuite.protocol;

import java.util.Locale;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * 405 (method not allowed) and 415 (unsupported media type) in the RFC 6749 5.2 shape on every
 * listener of every service: {@code {"error":"invalid_request","error_description":...}} with
 * {@code Content-Type: application/json}, instead of an empty body, whenever Quarkus REST finds no
 * resource method for the request's method or Content-Type. (The services' routes outside Quarkus
 * REST, {@code /q/*}, accept every method.) An {@code Allow} header on the refusal is kept.
 */
@ApplicationScoped
public class MethodAndMediaTypeErrors {

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, HttpServerRequest request) {
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        Response.ResponseBuilder r = error(405, methodDescription(request.method().name(), allow));
        if (allow != null) {
            r.header(HttpHeaders.ALLOW, allow);
        }
        return r.build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpServerRequest request) {
        return error(415, mediaTypeDescription(request.getHeader(HttpHeaders.CONTENT_TYPE))).build();
    }

    static String methodDescription(String method, String allow) {
        return "the HTTP method " + printable(method) + " is not allowed for this endpoint"
                + (allow == null || allow.isBlank() ? "" : "; allowed: " + allow);
    }

    static String mediaTypeDescription(String contentType) {
        return contentType == null || contentType.isBlank() ? "this endpoint needs a request body with a Content-Type"
                : "this endpoint does not accept the Content-Type " + printable(contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
    }

    /** What the caller sent, echoed only when short and plain (never control characters into a JSON body or a log). */
    private static String printable(String s) {
        return s.length() <= 100 && s.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? s : "(unprintable)";
    }

    private static Response.ResponseBuilder error(int status, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .entity(OAuthErrors.body(OAuthError.INVALID_REQUEST, description));
    }
}
