package org.mtlssuite.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.dev.console.DevConsoleManager;
import io.quarkus.dev.spi.HotReplacementContext;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.SmallRyeConfig;

/**
 * The start-up checks see the launch mode and the configuration the service will see: dev mode is
 * recognised before Quarkus sets its launch mode, and the profile comes from {@code quarkus.profile}
 * in any source, else {@code prod}.
 */
class StartupChecksProfileTest {

    @TempDir
    Path classes;

    @Test
    void aPlainLaunchIsAProductionLaunch() {
        assertEquals(LaunchMode.NORMAL, StartupChecks.launchMode());
    }

    @Test
    void devModeIsRecognisedBeforeQuarkusSetsTheLaunchMode() {
        HotReplacementContext devMode = (HotReplacementContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { HotReplacementContext.class }, (proxy, method, args) -> null);
        DevConsoleManager.setHotReplacementContext(devMode);
        try {
            assertEquals(LaunchMode.NORMAL, LaunchMode.current(), "precondition: Quarkus has not set the launch mode yet");
            assertEquals(LaunchMode.DEVELOPMENT, StartupChecks.launchMode());
        } finally {
            DevConsoleManager.setHotReplacementContext(null);
        }
        assertEquals(LaunchMode.NORMAL, StartupChecks.launchMode());
    }

    @Test
    void withoutQuarkusProfileTheProdValuesApply() throws Exception {
        SmallRyeConfig config = configurationWith("suite.pki.dir=.suite/pki\n%dev.suite.pki.dir=../.suite/pki\n"
                + "%prod.suite.binding.issuer=https://prod.example\n");
        assertEquals(List.of("prod"), config.getProfiles());
        assertEquals(".suite/pki", config.getValue("suite.pki.dir", String.class));
        assertEquals("https://prod.example", config.getValue("suite.binding.issuer", String.class));
    }

    @Test
    void quarkusProfileInApplicationPropertiesSelectsThatProfilesValues() throws Exception {
        SmallRyeConfig config = configurationWith("quarkus.profile=staging\nsuite.pki.dir=.suite/pki\n"
                + "%staging.suite.pki.dir=/etc/staging/pki\n%dev.suite.pki.dir=../.suite/pki\n");
        assertEquals(List.of("staging"), config.getProfiles());
        assertEquals("/etc/staging/pki", config.getValue("suite.pki.dir", String.class));
    }

    @Test
    void filesNamedByQuarkusConfigLocationsAreRead() throws Exception {
        Path extra = classes.resolve("mounted.properties");
        Files.writeString(extra, "suite.pki.dir=/etc/mounted/pki\n");
        SmallRyeConfig config = configurationWith("quarkus.config.locations=" + extra.toUri() + "\nsuite.pki.dir=.suite/pki\n");
        assertEquals("/etc/mounted/pki", config.getValue("suite.pki.dir", String.class));
    }

    @Test
    void systemPropertiesWinOverApplicationProperties() throws Exception {
        System.setProperty("suite.startup-checks-test.value", "from-system-property");
        try {
            SmallRyeConfig config = configurationWith("suite.startup-checks-test.value=from-file\n");
            assertEquals("from-system-property", config.getValue("suite.startup-checks-test.value", String.class));
        } finally {
            System.clearProperty("suite.startup-checks-test.value");
        }
    }

    /** {@link StartupChecks#configuration()} with this application.properties on the context class path. */
    private SmallRyeConfig configurationWith(String applicationProperties) throws Exception {
        Files.writeString(classes.resolve("application.properties"), applicationProperties);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[] { classes.toUri().toURL() }, previous)) {
            thread.setContextClassLoader(cl);
            return StartupChecks.configuration();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
