package org.mtlssuite.resource.payments;

import java.math.BigDecimal;
import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A payment initiated through the sample API. */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "client_id")
    public String clientId;
    @Column(name = "from_account")
    public String fromAccount;
    public BigDecimal amount;
    public String currency;
    @Column(name = "creditor_name")
    public String creditorName;
    @Column(name = "creditor_iban")
    public String creditorIban;
    @Column(name = "created_at")
    public Instant createdAt = Instant.now();
}
