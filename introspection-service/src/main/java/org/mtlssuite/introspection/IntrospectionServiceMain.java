package org.mtlssuite.introspection;

import org.mtlssuite.crypto.NativeCrypto;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.mtlssuite.startup.StartupChecks;

/**
 * Refuses to start on broken settings (one line each, before any port opens), installs the native
 * JCA provider before anything creates a Signature, then runs Quarkus.
 */
@QuarkusMain
public class IntrospectionServiceMain {

    public static void main(String... args) {
        StartupChecks.refuseToStartOnProblems("introspection.issuer");
        NativeCrypto.installCorrettoProvider();
        Quarkus.run(args);
    }
}
