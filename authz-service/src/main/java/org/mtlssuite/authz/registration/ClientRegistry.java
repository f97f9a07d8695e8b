package org.mtlssuite.authz.registration;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.mtlssuite.protocol.ClientAuthMethod;
import org.mtlssuite.protocol.InputValidation;
import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthErrors;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.store.ColumnLimits;
import org.mtlssuite.store.OAuthClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Optional;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;
import org.mtlssuite.clientauth.ClientLookup;
import org.mtlssuite.crypto.PasswordHash;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.token.OpaqueToken;

/** Stores validated client registrations. Secrets are returned once, at creation, and kept only as bcrypt hashes. */
@ApplicationScoped
public class ClientRegistry {

    private static final Logger LOG = Logger.getLogger(ClientRegistry.class);

    @Inject
    ClientMetadataValidator validator;

    @Inject
    ObjectMapper json;

    @Inject
    ClientLookup lookup;

    @Inject
    AuditTrail audit;

    @Inject
    GuardedJdbc db;

    @Transactional
    public Map<String, Object> create(JsonNode metadata) {
        String clientId = metadata != null && metadata.isObject() ? ClientMetadataValidator.text(metadata, "client_id") : null;
        if (clientId == null) {
            clientId = UUID.randomUUID().toString();
        }
        ClientMetadataValidator.requireValidClientId(clientId);
        if (OAuthClient.find(db, clientId) != null) {
            throw OAuthException.invalidClientMetadata("client_id " + clientId + " is already registered");
        }
        OAuthClient client = new OAuthClient();
        client.clientId = clientId;
        validator.apply(metadata, client);
        String secret = applySecret(metadata, client);
        insertNew(client);
        LOG.infof("client registered: %s (%s)", client.clientId, client.tokenEndpointAuthMethod);
        registryChanged("client_registered", client.clientId, "admin");
        lookup.invalidate(client.clientId);
        Map<String, Object> out = ClientMetadataResponse.of(client, json);
        if (secret != null) {
            out.put("client_secret", secret);
        }
        return out;
    }

    @Transactional
    public Map<String, Object> replace(String clientId, JsonNode metadata) {
        OAuthClient client = find(clientId);
        String bodyId = metadata != null && metadata.isObject() ? ClientMetadataValidator.text(metadata, "client_id") : null;
        if (bodyId != null && !bodyId.equals(clientId)) {
            throw OAuthException.invalidClientMetadata("client_id in the body differs from the one in the path");
        }
        validator.apply(metadata, client);
        String secret = applySecret(metadata, client);
        client.updatedAt = Instant.now();
        if (!client.update(db)) {
            throw noClient(clientId);
        }
        LOG.infof("client updated: %s", clientId);
        registryChanged("client_updated", clientId, "admin");
        lookup.invalidate(clientId);
        Map<String, Object> out = ClientMetadataResponse.of(client, json);
        if (secret != null) {
            out.put("client_secret", secret);
        }
        return out;
    }

    @Transactional
    public Map<String, Object> setEnabled(String clientId, boolean enabled) {
        OAuthClient client = find(clientId);
        if (!client.setEnabled(db, enabled, Instant.now())) {
            throw noClient(clientId);
        }
        LOG.infof("client %s: %s", enabled ? "enabled" : "disabled", clientId);
        registryChanged(enabled ? "client_enabled" : "client_disabled", clientId, "admin");
        lookup.invalidate(clientId);
        return ClientMetadataResponse.of(client, json);
    }

    @Transactional
    public void delete(String clientId) {
        if (!find(clientId).delete(db)) {
            throw noClient(clientId);
        }
        LOG.infof("client deleted: %s", clientId);
        registryChanged("client_deleted", clientId, "admin");
        lookup.invalidate(clientId);
    }

    @Transactional
    public Map<String, Object> read(String clientId) {
        return ClientMetadataResponse.of(find(clientId), json);
    }

    @Transactional
    public List<Map<String, Object>> list() {
        return OAuthClient.listAll(db).stream().map(c -> ClientMetadataResponse.of(c, json)).toList();
    }

    /** RFC 7591 registration: server-assigned client_id, a registration access token for RFC 7592. */
    @Transactional
    public Map<String, Object> registerDynamically(JsonNode metadata, String registrationBaseUri) {
        OAuthClient client = new OAuthClient();
        client.clientId = UUID.randomUUID().toString();
        validator.apply(metadata, client, ClientMetadataValidator.Registrar.DYNAMIC);
        client.registeredDynamically = true;
        String secret = client.tokenEndpointAuthMethod == ClientAuthMethod.CLIENT_SECRET_BASIC ? OpaqueToken.generate() : null;
        if (secret != null) {
            client.clientSecretHash = PasswordHash.hash(secret);
        }
        String rat = OpaqueToken.generate();
        client.registrationAccessTokenHash = OpaqueToken.hash(rat);
        insertNew(client);
        LOG.infof("client registered dynamically: %s (%s)", client.clientId, client.tokenEndpointAuthMethod);
        registryChanged("client_registered", client.clientId, "dynamic_registration");
        return dynamicResponse(client, secret, rat, registrationBaseUri);
    }

    @Transactional
    public Map<String, Object> readDynamic(String clientId, String registrationAccessToken, String registrationBaseUri) {
        return dynamicResponse(requireRegistrationAccess(clientId, registrationAccessToken), null, null, registrationBaseUri);
    }

    @Transactional
    public Map<String, Object> updateDynamic(String clientId, String registrationAccessToken, JsonNode metadata,
            String registrationBaseUri) {
        OAuthClient client = requireRegistrationAccess(clientId, registrationAccessToken);
        if (metadata == null || !metadata.isObject()) {
            throw OAuthException.invalidClientMetadata("the request body must be a JSON object of client metadata");
        }
        String bodyId = ClientMetadataValidator.text(metadata, "client_id");
        if (bodyId == null || !bodyId.equals(clientId)) {
            throw OAuthException.invalidRequest("client_id in the body must equal the client's (RFC 7592 2.2)");
        }
        for (String forbidden : List.of("registration_access_token", "registration_client_uri", "client_id_issued_at",
                "client_secret_expires_at")) {
            if (metadata.has(forbidden)) {
                throw OAuthException.invalidRequest(forbidden + " must not be sent in an update (RFC 7592 2.2)");
            }
        }
        boolean wasSecret = client.tokenEndpointAuthMethod == ClientAuthMethod.CLIENT_SECRET_BASIC;
        validator.apply(metadata, client, ClientMetadataValidator.Registrar.CLIENT_UPDATE);
        String secret = null;
        if (client.tokenEndpointAuthMethod == ClientAuthMethod.CLIENT_SECRET_BASIC) {
            if (!wasSecret || client.clientSecretHash == null) {
                secret = OpaqueToken.generate();
                client.clientSecretHash = PasswordHash.hash(secret);
            }
        } else {
            client.clientSecretHash = null;
        }
        client.updatedAt = Instant.now();
        if (!client.update(db)) {
            throw invalidRegistrationAccess();
        }
        LOG.infof("client updated through RFC 7592: %s", clientId);
        registryChanged("client_updated", clientId, "registration_access_token");
        lookup.invalidate(clientId);
        return dynamicResponse(client, secret, null, registrationBaseUri);
    }

    @Transactional
    public void deleteDynamic(String clientId, String registrationAccessToken) {
        if (!requireRegistrationAccess(clientId, registrationAccessToken).delete(db)) {
            throw invalidRegistrationAccess();
        }
        LOG.infof("client deleted through RFC 7592: %s", clientId);
        registryChanged("client_deleted", clientId, "registration_access_token");
        lookup.invalidate(clientId);
    }

    /**
     * RFC 7592 2: a wrong token, or a client that is not (or no longer) registered, is 401
     * invalid_token; a disabled client is 403 (a client without permission): an administrator
     * disabled it, its token is kept so that enabling it again restores its access.
     */
    private OAuthClient requireRegistrationAccess(String clientId, String token) {
        OAuthClient c = InputValidation.acceptable(clientId, ColumnLimits.CLIENT_ID) ? OAuthClient.find(db, clientId) : null;
        if (c == null || c.registrationAccessTokenHash == null || token == null || !MessageDigest.isEqual(
                c.registrationAccessTokenHash.getBytes(StandardCharsets.US_ASCII),
                OpaqueToken.hash(token).getBytes(StandardCharsets.US_ASCII))) {
            throw invalidRegistrationAccess();
        }
        if (!c.enabled) {
            LOG.warnf("RFC 7592 call by a disabled client refused: %s", clientId);
            throw new OAuthException(403, OAuthError.ACCESS_DENIED,
                    "the client is disabled; only an administrator can enable it again");
        }
        return c;
    }

    private static OAuthException invalidRegistrationAccess() {
        return new OAuthException(401, OAuthError.INVALID_TOKEN, "the registration access token is not valid for this client",
                Map.of("WWW-Authenticate", OAuthErrors.bearerChallenge(null, OAuthErrors.BearerError.invalidToken(),
                        Optional.empty())));
    }

    /**
     * Inserts a new client, so that a duplicate client_id that got past the lookup (two concurrent
     * creations of the same one) is refused as invalid_client_metadata, not as a database failure.
     */
    private void insertNew(OAuthClient client) {
        try {
            client.insert(db);
        } catch (PersistenceException e) {
            if (uniqueViolation(e)) {
                throw OAuthException.invalidClientMetadata("client_id " + client.clientId + " is already registered");
            }
            throw e;
        }
    }

    /** SQLState 23505: PostgreSQL's unique_violation, wherever it sits in the cause chain. */
    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> dynamicResponse(OAuthClient client, String secret, String registrationAccessToken,
            String registrationBaseUri) {
        Map<String, Object> out = ClientMetadataResponse.of(client, json);
        out.remove("introspection_allowed");
        out.remove("enabled");
        out.put("client_id_issued_at", client.createdAt.getEpochSecond());
        if (secret != null) {
            out.put("client_secret", secret);
            out.put("client_secret_expires_at", 0);
        }
        if (registrationAccessToken != null) {
            out.put("registration_access_token", registrationAccessToken);
        }
        out.put("registration_client_uri", registrationBaseUri + "/" + client.clientId);
        return out;
    }

    private OAuthClient find(String clientId) {
        InputValidation.require("client_id in the path", clientId, ColumnLimits.CLIENT_ID, OAuthException::invalidRequest);
        OAuthClient c = OAuthClient.find(db, clientId);
        if (c == null) {
            throw noClient(clientId);
        }
        return c;
    }

    private static OAuthException noClient(String clientId) {
        return new OAuthException(404, OAuthError.INVALID_REQUEST, "no client " + clientId);
    }

    /** A client_secret_basic client gets the secret it supplied (16+ characters) or a generated one. */
    private String applySecret(JsonNode metadata, OAuthClient client) {
        if (client.tokenEndpointAuthMethod != ClientAuthMethod.CLIENT_SECRET_BASIC) {
            if (metadata.hasNonNull("client_secret")) {
                throw OAuthException.invalidClientMetadata("client_secret is only valid with client_secret_basic");
            }
            client.clientSecretHash = null;
            return null;
        }
        String supplied = ClientMetadataValidator.text(metadata, "client_secret");
        if (supplied == null && client.clientSecretHash != null) {
            return null; // keep the existing secret on update
        }
        if (supplied != null && (supplied.length() < 16 || supplied.getBytes(StandardCharsets.UTF_8).length > 72)) {
            throw OAuthException.invalidClientMetadata("client_secret must be 16 to 72 bytes");
        }
        String secret = supplied != null ? supplied : OpaqueToken.generate();
        client.clientSecretHash = PasswordHash.hash(secret);
        return secret;
    }

    /** Audit: who changed the registry (the admin API, open or token-gated dynamic registration, or the client itself). */
    private void registryChanged(String event, String clientId, String actor) {
        audit.record(event, AuditEvent.SUCCESS, clientId, Map.of("actor", actor));
    }
}
