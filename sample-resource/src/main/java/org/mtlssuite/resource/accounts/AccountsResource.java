package org.mtlssuite.resource.accounts;

import java.util.List;
import java.util.Map;

import org.mtlssuite.binding.CurrentAccessToken;
import org.mtlssuite.binding.RequiresScope;
import org.mtlssuite.protocol.OAuthException;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Accounts and balances of the token's subject only (for client-credentials tokens the client_id,
 * for authorization-code tokens the user); every call needs a certificate-bound token with
 * {@code accounts:read}. The list holds only the subject's accounts; another subject's account is
 * 404, exactly as an account that does not exist, so the answer does not reveal which ids exist.
 */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope("accounts:read")
public class AccountsResource {

    @Inject
    CurrentAccessToken token;

    @Inject
    Accounts accounts;

    @GET
    public List<Map<String, Object>> list() {
        String subject = token.get().subject();
        if (subject == null) {
            return List.of();
        }
        return accounts.listedFor(subject).stream().map(a -> describe(a.id(), a.currency(), a.nickname())).toList();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> one(@PathParam("id") String id) {
        return describe(owned(id, token.get().subject()));
    }

    @GET
    @Path("{id}/balances")
    public Map<String, Object> balances(@PathParam("id") String id) {
        Account a = owned(id, token.get().subject());
        return Map.of("account_id", a.id(), "balances",
                List.of(Map.of("type", "closingAvailable", "amount", a.balance().toPlainString(), "currency", a.currency())));
    }

    private Account owned(String id, String subject) {
        Account a = accounts.ownedOrNull(id, subject);
        if (a == null) {
            throw new OAuthException(404, "not_found", "no account " + id);
        }
        return a;
    }

    private static Map<String, Object> describe(Account a) {
        return describe(a.id(), a.currency(), a.nickname());
    }

    private static Map<String, Object> describe(String id, String currency, String nickname) {
        return Map.of("account_id", id, "currency", currency, "nickname", nickname == null ? "" : nickname);
    }
}
