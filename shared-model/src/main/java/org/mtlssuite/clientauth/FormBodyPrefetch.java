package org.mtlssuite.clientauth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads a small form body (token, introspection, revocation, the login form) on the event loop,
 * before the request is handed to a worker thread. Without it the worker reads the body through a
 * blocking stream and waits for the event loop to deliver it: a second thread hand-off per request
 * (8-13% of the server CPU of a token or introspection request in profiles). The REST layer reads a
 * body already on the routing context instead of the stream; {@link FormBodyReader} parses it as before.
 *
 * <p>Only bodies with a {@code Content-Length} of at most {@value #MAX_BYTES} bytes are read here
 * (larger ones were refused with 413 before routing, under {@code quarkus.http.limits.max-body-size});
 * chunked bodies, {@code Expect: 100-continue} and HTTP/2 take the usual path (the REST layer pauses
 * every request it takes over, and an HTTP/2 request whose body was read refuses that). Installed on
 * the Quarkus router, which serves both AS listeners.
 */
@ApplicationScoped
public class FormBodyPrefetch {

    static final int MAX_BYTES = 64 * 1024;

    void install(@Observes Router router) {
        // Right after the request id (RequestIds), before authentication and the REST layer.
        router.route().order(Integer.MIN_VALUE + 101).handler(FormBodyPrefetch::prefetch);
    }

    @SuppressWarnings("deprecation") // RoutingContext.setBody: what the REST layer reads (getBody) in Vert.x 4
    static void prefetch(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long length = prefetchableLength(request.version(), request.method(), request.getHeader(HttpHeaders.CONTENT_TYPE),
                request.getHeader(HttpHeaders.CONTENT_LENGTH), request.getHeader(HttpHeaders.EXPECT));
        if (length < 0 || request.isEnded() || rc.getBody() != null) {
            rc.next();
            return;
        }
        Buffer body = Buffer.buffer((int) length);
        request.handler(body::appendBuffer);
        request.exceptionHandler(rc::fail);
        request.endHandler(v -> {
            // From here on the request belongs to the next handlers, as if nothing had read it ahead.
            request.exceptionHandler(null);
            rc.setBody(body);
            rc.next();
        });
        request.resume();
    }

    /** The body length to read ahead, or -1 to leave the request to the usual path. */
    static long prefetchableLength(HttpVersion version, HttpMethod method, String contentType, String contentLength, String expect) {
        if (version == HttpVersion.HTTP_2 || method != HttpMethod.POST || expect != null || contentType == null
                || contentLength == null) {
            return -1;
        }
        if (!contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
            return -1;
        }
        long n;
        try {
            n = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
        return n >= 0 && n <= MAX_BYTES ? n : -1;
    }
}
