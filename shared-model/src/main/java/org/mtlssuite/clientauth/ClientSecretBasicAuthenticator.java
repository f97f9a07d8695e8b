package org.mtlssuite.clientauth;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.OAuthClient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code client_secret_basic} (RFC 6749 2.3.1), secrets stored as bcrypt hashes (BouncyCastle). */
@ApplicationScoped
public class ClientSecretBasicAuthenticator implements ClientAuthenticator {

    private static final int BCRYPT_COST = 10;

    @Inject
    ClientAuthConfig config;

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.CLIENT_SECRET_BASIC;
    }

    @Override
    public AuthenticatedClient authenticate(OAuthClient client, ClientCredentials credentials) {
        if (!credentials.hasBasic()) {
            throw OAuthException.invalidClientBasic("client_secret_basic failed: no HTTP Basic credentials", config.realm());
        }
        if (client.clientSecretHash == null || !verify(credentials.basicSecret(), client.clientSecretHash)) {
            throw OAuthException.invalidClientBasic("client_secret_basic failed: wrong client secret", config.realm());
        }
        return new AuthenticatedClient(client, method(), credentials.leaf());
    }

    public static String hash(String secret) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(secret.getBytes(StandardCharsets.UTF_8), salt, BCRYPT_COST);
    }

    public static boolean verify(String secret, String hash) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, secret.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
