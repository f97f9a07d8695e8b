package org.mtlssuite.resource.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.mtlssuite.binding.CurrentAccessToken;
import org.mtlssuite.binding.RequiresScope;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.resource.accounts.Account;
import org.mtlssuite.resource.accounts.Accounts;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.mtlssuite.protocol.InputValidation;

/**
 * Payment initiation from the token subject's own accounts, and the subject's payments; needs a
 * certificate-bound token with {@code payments:write}.
 */
@Path("/payments")
public class PaymentsResource {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");

    @Inject
    CurrentAccessToken token;

    @Inject
    Accounts accounts;

    @Inject
    Payments payments;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope("payments:write")
    public Response initiate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OAuthException.invalidRequest("the body must be a JSON object");
        }
        String from = text(body, "from_account");
        String currency = text(body, "currency");
        String name = text(body, "creditor_name");
        String iban = text(body, "creditor_iban");
        BigDecimal amount;
        try {
            amount = new BigDecimal(text(body, "amount"));
        } catch (NumberFormatException e) {
            throw OAuthException.invalidRequest("amount must be a decimal number");
        }
        if (amount.signum() <= 0 || amount.scale() > 2 || amount.precision() > 17) {
            throw OAuthException.invalidRequest("amount must be positive with at most two decimals");
        }
        if (!CURRENCY.matcher(currency).matches()) {
            throw OAuthException.invalidRequest("currency must be an ISO 4217 code");
        }
        if (!IBAN.matcher(iban).matches()) {
            throw OAuthException.invalidRequest("creditor_iban is not an IBAN");
        }
        if (name.length() > 140) {
            throw OAuthException.invalidRequest("creditor_name is longer than 140 characters");
        }
        // Only from the subject's own accounts; another subject's account reads as one that does not exist.
        Account account = accounts.ownedOrNull(from, token.get().subject());
        if (account == null) {
            throw OAuthException.invalidRequest("from_account is not an account of the token's subject");
        }
        if (!account.currency().equals(currency)) {
            throw OAuthException.invalidRequest("currency differs from the account's");
        }
        Payment p = new Payment(UUID.randomUUID().toString(), token.get().clientId(), from, amount, currency, name, iban,
                Instant.now());
        payments.insert(p);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("payment_id", p.id());
        out.put("status", "accepted");
        out.put("from_account", from);
        out.put("amount", amount.toPlainString());
        out.put("currency", currency);
        return Response.status(201).entity(out).build();
    }

    /** A payment made from one of the token subject's accounts; any other is 404, as one that does not exist. */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresScope("payments:write")
    public Map<String, Object> one(@PathParam("id") String id) {
        Payment p = payments.findOrNull(id);
        if (p == null || accounts.ownedOrNull(p.fromAccount(), token.get().subject()) == null) {
            throw new OAuthException(404, "not_found", "no payment " + id);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("payment_id", p.id());
        out.put("status", "accepted");
        out.put("from_account", p.fromAccount());
        out.put("amount", p.amount().toPlainString());
        out.put("currency", p.currency());
        out.put("creditor_name", p.creditorName());
        out.put("created_at", p.createdAt().toString());
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw OAuthException.invalidRequest(field + " is required (a string)");
        }
        // NUL bytes, broken UTF-8 and over-long strings never reach PostgreSQL (a 400 naming the field).
        InputValidation.require(field, v.asText(), 255, OAuthException::invalidRequest);
        return v.asText();
    }
}
