package org.mtlssuite.clientauth;

import java.nio.file.Path;
import java.util.List;

import org.mtlssuite.certsource.ClientTrustAnchors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code suite.client-auth.trust-anchors}, offered to the certificate source (for a trusted proxy's certificate). */
@ApplicationScoped
public class ConfiguredClientTrustAnchors implements ClientTrustAnchors {

    @Inject
    ClientAuthConfig config;

    @Override
    public List<Path> files() {
        return config.trustAnchors().orElse(List.of()).stream().map(Path::of).toList();
    }
}
