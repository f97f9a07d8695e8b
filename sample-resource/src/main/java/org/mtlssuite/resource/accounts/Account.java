package org.mtlssuite.resource.accounts;

import java.math.BigDecimal;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A bank account of the sample API. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {
    @Id
    public String id;
    public String owner;
    public String currency;
    public BigDecimal balance;
    public String nickname;
}
