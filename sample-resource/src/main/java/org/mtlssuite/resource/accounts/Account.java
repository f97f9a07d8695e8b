package org.mtlssuite.resource.accounts;

import java.math.BigDecimal;

/** A bank account of the sample API: a row of {@code account} (owned by {@link Accounts}). */
public record Account(String id, String owner, String currency, BigDecimal balance, String nickname) {
}
