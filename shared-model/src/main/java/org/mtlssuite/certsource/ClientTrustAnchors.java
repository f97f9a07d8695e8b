package org.mtlssuite.certsource;

import java.nio.file.Path;
import java.util.List;

/**
 * The trust anchors of the deployment's client PKI, against which a trusted proxy's own client
 * certificate is validated. Client authentication owns that setting
 * ({@code suite.client-auth.trust-anchors}) and provides this; the certificate source only asks,
 * so that where a certificate comes from does not depend on how a client authenticates.
 */
public interface ClientTrustAnchors {

    /** The PEM files of the trust anchors; empty when none are configured. */
    List<Path> files();
}
