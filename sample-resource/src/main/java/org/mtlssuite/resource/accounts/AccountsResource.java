package org.mtlssuite.resource.accounts;

import java.util.List;
import java.util.Map;

import org.mtlssuite.binding.RequiresScope;
import org.mtlssuite.protocol.OAuthException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Accounts and balances; every call needs a certificate-bound token with {@code accounts:read}. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope("accounts:read")
public class AccountsResource {

    @GET
    public List<Map<String, Object>> list() {
        return Account.<Account>listAll().stream().map(AccountsResource::describe).toList();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> one(@PathParam("id") String id) {
        return describe(find(id));
    }

    @GET
    @Path("{id}/balances")
    public Map<String, Object> balances(@PathParam("id") String id) {
        Account a = find(id);
        return Map.of("account_id", a.id, "balances",
                List.of(Map.of("type", "closingAvailable", "amount", a.balance.toPlainString(), "currency", a.currency)));
    }

    private static Account find(String id) {
        Account a = Account.findById(id);
        if (a == null) {
            throw new OAuthException(404, "not_found", "no account " + id);
        }
        return a;
    }

    private static Map<String, Object> describe(Account a) {
        return Map.of("account_id", a.id, "currency", a.currency, "nickname", a.nickname == null ? "" : a.nickname);
    }
}
