package org.mtlssuite.resource.payments;

import java.math.BigDecimal;
import java.time.Instant;

/** A payment initiated through the sample API: a row of {@code payment} (owned by {@link Payments}). */
public record Payment(String id, String clientId, String fromAccount, BigDecimal amount, String currency,
        String creditorName, String creditorIban, Instant createdAt) {
}
