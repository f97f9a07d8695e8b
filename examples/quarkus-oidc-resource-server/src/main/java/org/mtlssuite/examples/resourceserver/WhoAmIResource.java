package org.mtlssuite.examples.resourceserver;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A protected endpoint. quarkus-oidc has already verified the token (signature from the discovered
 * JWKS, issuer, audience, expiry) and that its {@code cnf.x5t#S256} matches the client certificate of
 * this connection; the method only reads the verified claims.
 */
@Path("/api/whoami")
@Authenticated
public class WhoAmIResource {

    @Inject
    JsonWebToken token;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> whoami() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sub", token.getSubject());
        answer.put("client_id", token.getClaim("client_id"));
        answer.put("scope", token.getClaim("scope"));
        Object cnf = token.getClaim("cnf");
        if (cnf instanceof Map<?, ?> confirmation) {
            answer.put("x5t#S256", String.valueOf(confirmation.get("x5t#S256")));
        }
        return answer;
    }
}
