package org.mtlssuite.authz;

import org.mtlssuite.crypto.NativeCrypto;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Installs the native JCA provider before anything creates a Signature, then runs Quarkus. */
@QuarkusMain
public class AuthzServiceMain {

    public static void main(String... args) {
        NativeCrypto.installCorrettoProvider();
        Quarkus.run(args);
    }
}
