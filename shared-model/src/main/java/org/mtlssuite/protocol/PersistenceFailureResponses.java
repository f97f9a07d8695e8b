package org.mtlssuite.protocol;

import org.jboss.logging.Logger;
import org.mtlssuite.binding.BindingConfig;
import org.mtlssuite.binding.CurrentAccessToken;
import org.mtlssuite.database.DatabaseFailures;
import org.mtlssuite.database.DatabaseHealth;
import org.mtlssuite.database.DatabaseUnavailableException;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * What a failed database access answers, for every exception type it surfaces as: 503
 * {@code temporarily_unavailable} with {@code Retry-After} when the database is unavailable
 * ({@link DatabaseFailures#isUnavailable}), a plain 500 {@code server_error} otherwise (a bug: the
 * input should have been refused before, or the code is wrong), logged with its stack trace and
 * never showing it. At a resource server, on a request authorized by a bearer token, the 503 also
 * carries the RFC 6750 {@code WWW-Authenticate} challenge.
 */
abstract class PersistenceFailureResponses {

    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);
    static final String RETRY_AFTER_SECONDS = "1";

    @Inject
    DatabaseHealth health;

    @Inject
    CurrentAccessToken currentToken;

    @Inject
    BindingConfig binding;

    Response respond(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            Throwable root = root(e);
            if (root instanceof DatabaseUnavailableException) {
                // Failed fast on the open breaker: DatabaseHealth logged the outage once, not once per request.
                LOG.debugf("database unavailable: %s", root.getMessage());
            } else {
                health.suspect(e);
                LOG.warnf("database unavailable: %s: %s", root.getClass().getSimpleName(), root.getMessage());
            }
            return unavailable(currentToken.get() != null ? binding.realm() : null);
        }
        LOG.error("persistence failure that is not an unavailability (a bug to fix; answered 500)", e);
        return serverError();
    }

    /** 503 temporarily_unavailable; with a realm, also the RFC 6750 challenge of a resource server. */
    static Response unavailable(String bearerRealm) {
        String description = "the database is unavailable; retry shortly";
        Response.ResponseBuilder b = Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(OAuthErrors.body(OAuthError.TEMPORARILY_UNAVAILABLE, description));
        if (bearerRealm != null) {
            b.header("WWW-Authenticate", OAuthErrors.bearerChallenge(bearerRealm,
                    OAuthErrors.BearerError.of(OAuthError.TEMPORARILY_UNAVAILABLE, description), Optional.empty()));
        }
        return b.build();
    }

    static Response serverError() {
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .entity(OAuthErrors.body(OAuthError.SERVER_ERROR, "an internal error occurred; it has been logged")).build();
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        for (int i = 0; i < 32 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        return root;
    }
}
