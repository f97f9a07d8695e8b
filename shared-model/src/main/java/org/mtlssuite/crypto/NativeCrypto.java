package org.mtlssuite.crypto;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.Security;

import org.jboss.logging.Logger;

/**
 * Native-speed crypto where the platform has it: the Amazon Corretto Crypto Provider at the
 * highest JCA priority (JWT signatures and certificate-chain checks) and BoringSSL (netty-tcnative)
 * as the TLS engine of every listener. Where either cannot load, the JDK's own is used, with one
 * warning line. SunEC stays installed: the JDK's TLS stack needs it.
 */
public final class NativeCrypto {

    private static final Logger LOG = Logger.getLogger(NativeCrypto.class);
    private static volatile String jcaProvider = "JDK";

    private NativeCrypto() {
    }

    /** Installs ACCP first in the provider list and runs its self-tests; call before the application starts. */
    public static synchronized void installCorrettoProvider() {
        if (installProvider()) {
            checkProviderHealth();
        }
    }

    /**
     * Installs ACCP first in the provider list (its native library loaded), without waiting for its
     * self-tests; true when it is installed. {@link #checkProviderHealth()} completes the installation.
     */
    public static synchronized boolean installProvider() {
        if (Security.getProvider("AmazonCorrettoCryptoProvider") != null) {
            jcaProvider = "AmazonCorrettoCryptoProvider";
            return false;
        }
        try {
            Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            accp.getMethod("install").invoke(null);
            Provider instance = (Provider) accp.getField("INSTANCE").get(null);
            jcaProvider = instance.getName() + " " + instance.getVersionStr();
            return true;
        } catch (ClassNotFoundException e) {
            LOG.warn("Amazon Corretto Crypto Provider is not on the class path for this platform: using the JDK's JCA providers");
        } catch (Throwable e) {
            LOG.warnf("Amazon Corretto Crypto Provider could not load (%s): using the JDK's JCA providers", e.toString());
        }
        return false;
    }

    /**
     * Runs ACCP's self-tests (every algorithm once, some tens of milliseconds); a provider that fails them
     * is removed again, so that the JDK's providers serve from then on.
     */
    public static void checkProviderHealth() {
        Provider instance = Security.getProvider("AmazonCorrettoCryptoProvider");
        if (instance == null) {
            return;
        }
        try {
            instance.getClass().getMethod("assertHealthy").invoke(instance);
        } catch (Throwable e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            Security.removeProvider(instance.getName());
            jcaProvider = "JDK";
            LOG.warnf("Amazon Corretto Crypto Provider failed its self-tests (%s): removed, using the JDK's JCA providers", cause.toString());
        }
    }

    /** Which JCA provider signs and verifies. */
    public static String jcaProvider() {
        return jcaProvider;
    }
}
