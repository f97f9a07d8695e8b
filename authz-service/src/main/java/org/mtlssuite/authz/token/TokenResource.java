package org.mtlssuite.authz.token;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mtlssuite.authz.transport.MtlsListener;
import org.mtlssuite.clientauth.AuthenticatedClient;
import org.mtlssuite.clientauth.ClientAuthentication;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;

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
 * ({@code none}) may present a certificate just to bind their tokens (RFC 8705 4).
 */
@Path(TokenResource.PATH)
public class TokenResource {

    public static final String PATH = "/token";

    @Inject
    MtlsListener mtls;

    @Inject
    ClientAuthentication clientAuthentication;

    @Inject
    ClientCredentialsGrant clientCredentials;

    @Inject
    AuthorizationCodeGrant authorizationCode;

    @Inject
    RefreshTokenGrant refreshToken;

    @Inject
    org.mtlssuite.observability.SuiteMetrics metrics;

    @Inject
    org.mtlssuite.audit.AuditTrail audit;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form, @Context HttpServerRequest request) {
        mtls.requireMtlsListener(request, PATH);
        AuthenticatedClient client = clientAuthentication.authenticate(request, form, false);
        String grantType = FormParameters.single(form, "grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("grant_type is required");
        }
        TokenGrantResult result = switch (grantType) {
            case "client_credentials" -> TokenGrantResult.accessOnly(clientCredentials.grant(client, form));
            case "authorization_code" -> authorizationCode.grant(client, form);
            case "refresh_token" -> refreshToken.grant(client, form);
            default -> throw new OAuthException(400, OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "grant_type " + grantType + " is not supported");
        };
        AccessTokenIssuer.IssuedToken token = result.accessToken();
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("jti", token.jti());
        audited.put("grant_type", grantType);
        audited.put("scope", token.scope());
        audited.put("cnf", token.cnf());
        audited.put("refresh_token_issued", result.refreshToken() != null);
        audited.put("id_token_issued", result.idToken() != null);
        audit.record("token_issued", org.mtlssuite.audit.AuditEvent.SUCCESS, client.clientId(), audited);
        metrics.tokenIssued(client.clientId(), grantType, client.method().value, token.cnf() != null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.jwt());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresIn());
        if (token.scope() != null) {
            body.put("scope", token.scope());
        }
        if (result.refreshToken() != null) {
            body.put("refresh_token", result.refreshToken());
        }
        if (result.idToken() != null) {
            body.put("id_token", result.idToken());
        }
        return Response.ok(body).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
