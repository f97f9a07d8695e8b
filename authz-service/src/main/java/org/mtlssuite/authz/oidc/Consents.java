package org.mtlssuite.authz.oidc;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.mtlssuite.authz.grant.AuthorizationGrant;
import org.mtlssuite.authz.grant.GrantFamilies;
import org.mtlssuite.database.GuardedJdbc;
import org.mtlssuite.protocol.SpaceDelimited;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.mtlssuite.audit.AuditEvent;
import org.mtlssuite.audit.AuditTrail;

/**
 * Remembered consent per user and client: a request whose every scope the user already allowed that
 * client is answered without asking again (unless {@code prompt=consent}). Revoking it (admin API)
 * also ends the grants the user gave that client, so its refresh tokens stop working.
 */
@ApplicationScoped
public class Consents {

    private static final Logger LOG = Logger.getLogger(Consents.class);

    @Inject
    GuardedJdbc db;

    @Inject
    GrantFamilies grants;

    @Inject
    AuditTrail audit;

    /** Whether the user already allowed the client every scope of {@code scope} (a client asking for none needs a consent too). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean covers(String username, String clientId, String scope) {
        Consent c = Consent.find(db, username, clientId);
        return c != null && SpaceDelimited.split(c.scope).containsAll(SpaceDelimited.split(scope));
    }

    /** Adds the scopes to what the user allowed the client. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(String username, String clientId, String scope) {
        Consent c = Consent.find(db, username, clientId);
        if (c == null) {
            c = new Consent();
            c.username = username;
            c.clientId = clientId;
            c.scope = scope;
            c.insert(db);
            return;
        }
        Set<String> all = new LinkedHashSet<>(SpaceDelimited.split(c.scope));
        all.addAll(SpaceDelimited.split(scope));
        c.regrant(db, String.join(" ", all), Instant.now());
    }

    /** The user's consents, for the admin API. */
    @Transactional
    public List<Map<String, Object>> list(String username) {
        return Consent.listOf(db, username).stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("client_id", c.clientId);
            m.put("scope", c.scope);
            m.put("granted_at", c.grantedAt.toString());
            return m;
        }).toList();
    }

    /** Forgets the user's consent to the client and ends the grants they gave it; false when there was none. */
    @Transactional
    public boolean revoke(String username, String clientId) {
        boolean deleted = Consent.delete(db, username, clientId);
        if (!deleted) {
            return false;
        }
        List<AuthorizationGrant> live = AuthorizationGrant.liveFor(db, username, clientId);
        for (AuthorizationGrant g : live) {
            AuthorizationGrant locked = grants.lock(g.grantId);
            if (locked != null) { // null: deleted meanwhile (expired, or its client deleted), nothing left to end
                grants.revoke(locked, "consent revoked");
            }
        }
        LOG.infof("consent revoked: user=%s client_id=%s grants_revoked=%d", username, clientId, live.size());
        audit.record("consent_revoked", AuditEvent.SUCCESS, clientId,
                Map.of("subject", username, "grants_revoked", live.size()));
        return true;
    }
}
