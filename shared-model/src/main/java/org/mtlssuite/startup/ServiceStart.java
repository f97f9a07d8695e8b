package org.mtlssuite.startup;

import java.util.concurrent.CountDownLatch;

import org.mtlssuite.crypto.NativeCrypto;

import io.quarkus.runtime.Quarkus;

/**
 * What the main method of each service does: refuse to start on broken settings (one line each, before
 * any port opens), install the native JCA provider before anything creates a Signature, then run Quarkus.
 */
public final class ServiceStart {

    private ServiceStart() {
    }

    /**
     * Checks the settings and installs the provider side by side, then runs Quarkus. The provider loads its
     * classes and its native library (a quarter of a second: its jar is signed, so its classes are outside
     * the JVM's AOT cache) while the checks read the configuration and the certificate files and reach the
     * database; neither needs the other, and nothing creates a Signature before Quarkus starts. On the same
     * thread, while Quarkus starts: the provider's self-tests (one that fails them is removed again), then
     * Netty's JDK TLS server context class, which Quarkus' own listeners (the management interface: the
     * readiness probe) would otherwise initialise on their first handshake: it instantiates the BouncyCastle
     * provider to probe a test key (some 750 classes of another signed jar, a quarter of a second), which
     * made the first readiness answer that much later.
     *
     * @param httpsSettings the settings that must name https URLs (see {@link StartupChecks})
     */
    public static void run(String[] args, String... httpsSettings) {
        CountDownLatch providerInstalled = new CountDownLatch(1);
        Thread crypto = new Thread(() -> {
            try {
                NativeCrypto.installProvider();
            } finally {
                providerInstalled.countDown();
            }
            NativeCrypto.checkProviderHealth();
            preloadJdkTlsServerContext();
        }, "native-crypto-install");
        crypto.setDaemon(true);
        crypto.start();
        StartupChecks.refuseToStartOnProblems(httpsSettings);
        try {
            providerInstalled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Quarkus.run(args);
    }

    /** Initialises Netty's JDK TLS server context class (see {@link #run}); nothing when Netty is not there. */
    static void preloadJdkTlsServerContext() {
        try {
            Class.forName("io.netty.handler.ssl.JdkSslServerContext", true, ServiceStart.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // Not on the class path, or its initialisation failed: Netty meets the same on first use, as before.
        }
    }
}
