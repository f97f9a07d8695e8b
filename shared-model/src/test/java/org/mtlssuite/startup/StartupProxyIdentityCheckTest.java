package org.mtlssuite.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The start-up refusal of proxies trusted by address alone, judged on the profile the configuration itself reports. */
class StartupProxyIdentityCheckTest {

    static List<StartupChecks.Problem> problems(String profile, Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build();
        List<StartupChecks.Problem> problems = new ArrayList<>();
        StartupChecks.proxyIdentity(config, problems);
        return problems;
    }

    @Test
    void productionRefusesTrustedProxiesWithoutTheProxyCertificate() {
        List<StartupChecks.Problem> p = problems("prod", Map.of("suite.certificate-source.trusted-proxies", "10.244.0.0/16"));
        assertEquals(1, p.size());
        assertEquals("suite.certificate-source.trusted-proxies", p.get(0).setting());
        assertTrue(p.get(0).line().startsWith("refusing to start: suite.certificate-source.trusted-proxies: trusted proxies must also "
                + "be identified by their client certificate in production"), p.get(0).line());
        assertEquals(1, problems("staging", Map.of("suite.certificate-source.trusted-proxies", "10.244.0.0/16")).size());
    }

    @Test
    void proxyCertificateOrLoudOverrideIsAccepted() {
        assertEquals(List.of(), problems("prod", Map.of("suite.certificate-source.trusted-proxies", "10.244.0.0/16",
                "suite.certificate-source.proxy-certificate-dns", "ingress.example")));
        assertEquals(List.of(), problems("prod", Map.of("suite.certificate-source.trusted-proxies", "10.244.0.0/16",
                "suite.certificate-source.insecure-trust-proxies-without-certificate", "true")));
        assertEquals(1, problems("prod", Map.of("suite.certificate-source.trusted-proxies", "10.244.0.0/16",
                "suite.certificate-source.insecure-trust-proxies-without-certificate", "false")).size());
    }

    @Test
    void devAndTestProfilesAndNoProxiesAreNotChecked() {
        assertEquals(List.of(), problems("dev", Map.of("suite.certificate-source.trusted-proxies", "127.0.0.1/32")));
        assertEquals(List.of(), problems("test", Map.of("suite.certificate-source.trusted-proxies", "127.0.0.1/32")));
        assertEquals(List.of(), problems("prod", Map.of()));
    }

    @Test
    void profileSpecificSettingsCount() {
        assertEquals(List.of(), problems("prod", Map.of("suite.certificate-source.trusted-proxies", "10.244.0.0/16",
                "%prod.suite.certificate-source.proxy-certificate-dns", "ingress.example")));
    }
}
