package org.mtlssuite.clientauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.mtlssuite.certsource.ClientCertificateSource;
import org.mtlssuite.certsource.ForwardedCertificateException;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.ColumnLimits;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Reads the client credentials a request carries, without judging them: the {@code client_id}
 * form parameter, {@code Authorization: Basic} (RFC 6749 2.3.1: form-urlencoded id and secret) and
 * the certificate chain of the TLS connection.
 */
public final class ClientCredentialsExtractor {

    private ClientCredentialsExtractor() {
    }

    /**
     * @param source where the certificate comes from (the connection, or a trusted proxy's header);
     *        a malformed forwarded header is {@code invalid_request}
     */
    public static ClientCredentials extract(HttpServerRequest request, MultivaluedMap<String, String> form,
            ClientCertificateSource source) {
        String clientId = FormParameters.single(form, "client_id");
        String[] basic = basicCredentials(request.getHeader("Authorization"));
        String basicId = basic == null ? null : basic[0];
        String basicSecret = basic == null ? null : basic[1];
        ClientCertificateSource.PresentedChain presented;
        try {
            presented = source.resolve(request);
        } catch (ForwardedCertificateException e) {
            throw OAuthException.invalidRequest("forwarded client certificate: " + e.getMessage());
        }
        // The caller's address: the TCP peer, or behind a trusted proxy the address it reports.
        return new ClientCredentials(clientId, basicId, basicSecret, presented.chain(), presented.verifiedByProxy(),
                presented.caller(), presented.forwarded());
    }


    /**
     * RFC 6749 2.3.1 / RFC 7617: {@code Basic base64(urlencode(id) ":" urlencode(secret))} as
     * {id, secret}; null when the header is absent or another scheme; {@code invalid_request} when malformed.
     */
    public static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("malformed HTTP Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw OAuthException.invalidRequest("malformed HTTP Basic credentials");
        }
        String[] credentials;
        try {
            credentials = new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("malformed HTTP Basic credentials");
        }
        // RFC 7617 2: no control characters; and the identifier must be one the store could hold.
        InputValidation.require("malformed HTTP Basic credentials: the client identifier", credentials[0],
                ColumnLimits.CLIENT_ID, OAuthException::invalidRequest);
        InputValidation.require("malformed HTTP Basic credentials: the client secret", credentials[1],
                FormParameters.DEFAULT_MAX_LENGTH, OAuthException::invalidRequest);
        return credentials;
    }
}
