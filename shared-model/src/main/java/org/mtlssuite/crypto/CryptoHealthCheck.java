package org.mtlssuite.crypto;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Says, in /q/health, which TLS engine and JCA provider are active. */
@Liveness
@ApplicationScoped
public class CryptoHealthCheck implements HealthCheck {

    @Inject
    OpenSslServerCustomizer tls;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("crypto").up().withData("tls-engine", tls.engine())
                .withData("jca-provider", NativeCrypto.jcaProvider()).build();
    }
}
