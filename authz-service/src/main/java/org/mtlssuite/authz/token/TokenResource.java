package org.mtlssuite.authz.token;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.ClientAuthentication;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.observability.SuiteMetrics;
import org.mtlssuite.protocol.TokenResponse;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * The token endpoint (RFC 6749 3.2), served only on the mTLS listener, where public clients
 * ({@code none}) may present a certificate just to bind their tokens (RFC 8705 4). HTTP in, HTTP out:
 * client authentication ({@link ClientAuthentication}), the grant chosen and checked by
 * {@link TokenGrants}, then the RFC 6749 5.1 response ({@link TokenResponse}), audit and metrics.
 */
@Path(TokenResource.PATH)
public class TokenResource {

    public static final String PATH = "/token";

    @Inject
    MtlsListener mtls;

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    TokenGrants grants;

    @Inject
    SuiteMetrics metrics;

    @Inject
    AuditTrail audit;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form, @Context HttpServerRequest request) {
        mtls.requireMtlsListener(request, PATH);
        AuthenticatedClient client = clientAuthentication.authenticate(request, form, false);
        TokenGrant grant = grants.select(FormParameters.single(form, "grant_type"), client.client());
        TokenGrantResult result = grant.handle(new TokenRequest(client, form));
        String grantType = grant.grantType().value;
        AccessTokenIssuer.IssuedToken token = result.accessToken();
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("jti", token.jti());
        audited.put("grant_type", grantType);
        audited.put("scope", token.scope());
        audited.put("cnf", token.cnf());
        audited.put("refresh_token_issued", result.refreshToken() != null);
        audited.put("id_token_issued", result.idToken() != null);
        audit.record("token_issued", AuditEvent.SUCCESS, client.clientId(), audited);
        metrics.tokenIssued(client.clientId(), grantType, client.method().value, token.cnf() != null);
        TokenResponse body = TokenResponse.bearer(token.jwt(), token.expiresIn(), token.scope(), result.refreshToken(),
                result.idToken());
        return Response.ok(body).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
