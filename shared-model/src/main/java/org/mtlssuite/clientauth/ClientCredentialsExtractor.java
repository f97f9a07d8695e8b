package org.mtlssuite.clientauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.mtlssuite.protocol.OAuthException;

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

    public static ClientCredentials extract(HttpServerRequest request, MultivaluedMap<String, String> form) {
        String clientId = FormParameters.single(form, "client_id");
        String basicId = null;
        String basicSecret = null;
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
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
            try {
                basicId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                basicSecret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest("malformed HTTP Basic credentials");
            }
        }
        return new ClientCredentials(clientId, basicId, basicSecret, connectionCertificates(request));
    }

    /** The chain presented on the TLS connection (leaf first), or empty when none was sent. */
    public static List<X509Certificate> connectionCertificates(HttpServerRequest request) {
        if (!request.isSSL()) {
            return List.of();
        }
        try {
            List<Certificate> peer = request.connection().peerCertificates();
            List<X509Certificate> out = new ArrayList<>();
            if (peer != null) {
                for (Certificate c : peer) {
                    if (c instanceof X509Certificate x) {
                        out.add(x);
                    }
                }
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
