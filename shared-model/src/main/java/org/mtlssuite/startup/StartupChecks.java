package org.mtlssuite.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.mtlssuite.cert.ClientCertificateChainValidator;
import org.mtlssuite.certsource.ClientCertificateSource;

import io.quarkus.dev.console.DevConsoleManager;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.PropertiesLocationConfigSourceFactory;
import io.smallrye.config.SmallRyeConfig;
import java.sql.SQLException;
import org.mtlssuite.binding.AudienceRequirement;
import org.mtlssuite.store.SigningKeySealing;

/**
 * Settings that would let a production service start half-broken, checked before Quarkus starts:
 * missing or unreadable key stores and trust anchors, malformed proxy CIDRs, a non-https issuer,
 * an unreachable database. Each problem is one line, {@code refusing to start: <setting>: <problem>},
 * and the process exits with status 1 before opening a port. Runs in a production launch only (dev
 * mode and tests report these through Quarkus itself), with the configuration the service will see:
 * the same sources and the same profile, {@code prod} unless {@code quarkus.profile} names another.
 */
public final class StartupChecks {

    /** One refusal: the setting and what is wrong with it. */
    public record Problem(String setting, String problem) {
        public String line() {
            return "refusing to start: " + setting + ": " + problem;
        }
    }

    /** File settings every service may have; checked when set. */
    static final List<String> CERTIFICATE_FILES = List.of("quarkus.tls.key-store.pem.0.cert", "suite.binding.trust-pem",
            "suite.binding.introspection.cert", "suite.client-auth.jwks-uri.trust-pem");
    static final List<String> KEY_FILES = List.of("quarkus.tls.key-store.pem.0.key", "suite.binding.introspection.key");

    private StartupChecks() {
    }

    /**
     * Checks and exits on problems. {@code httpsSettings} are the URLs of this service that must be
     * https in production (its issuer and public base URLs).
     */
    public static void refuseToStartOnProblems(String... httpsSettings) {
        if (launchMode() != LaunchMode.NORMAL) {
            return;
        }
        List<Problem> problems = check(configuration(), List.of(httpsSettings));
        if (!problems.isEmpty()) {
            for (Problem p : problems) {
                System.err.println(p.line());
            }
            System.err.flush();
            System.exit(1);
        }
    }

    /**
     * How this process was launched. Quarkus sets {@link LaunchMode#current()} when it initialises the
     * application, which is after this {@code main} method: in dev mode it still says {@code NORMAL}
     * here. The dev-mode runtime is already installed then, though (its hot-replacement context), so a
     * NORMAL launch with one is dev mode.
     */
    static LaunchMode launchMode() {
        LaunchMode mode = LaunchMode.current();
        if (mode == LaunchMode.NORMAL && DevConsoleManager.getHotReplacementContext() != null) {
            return LaunchMode.DEVELOPMENT;
        }
        return mode;
    }

    /**
     * The configuration as the service will see it, built the Quarkus way: system properties,
     * environment, {@code .env} and {@code config/application.properties} in the working folder,
     * {@code application.properties} on the class path (each with its profile-specific variants), the
     * files named by {@code quarkus.config.locations}, and the active profile from {@code quarkus.profile}
     * in any of them, else the launch mode's default.
     */
    static SmallRyeConfig configuration() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        String workingDir = Path.of("").toAbsolutePath().toUri().toString();
        return ConfigUtils.emptyConfigBuilder()
                .withSources(DotEnvConfigSourceProvider.dotEnvSources(cl))
                .withSources(PropertiesConfigSourceLoader.inFileSystem(workingDir + "config/application.properties", 260, cl))
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, cl))
                .withSources(new PropertiesLocationConfigSourceFactory())
                .build();
    }

    public static List<Problem> check(SmallRyeConfig config, List<String> httpsSettings) {
        List<Problem> problems = new ArrayList<>();
        for (String setting : CERTIFICATE_FILES) {
            value(config, setting).ifPresent(v -> certificates(setting, List.of(v), problems));
        }
        value(config, "suite.client-auth.trust-anchors")
                .ifPresent(v -> certificates("suite.client-auth.trust-anchors", List.of(v.split(",")), problems));
        for (String setting : KEY_FILES) {
            value(config, setting).ifPresent(v -> readable(setting, v.strip(), problems));
        }
        value(config, "suite.certificate-source.trusted-proxies").ifPresent(v -> {
            for (String cidr : v.split(",")) {
                try {
                    ClientCertificateSource.rule(cidr.strip());
                } catch (RuntimeException e) {
                    problems.add(new Problem("suite.certificate-source.trusted-proxies",
                            String.valueOf(e.getMessage()).replaceFirst("^suite\\.certificate-source\\.trusted-proxies: ", "")));
                }
            }
        });
        proxyIdentity(config, problems);
        for (String setting : httpsSettings) {
            value(config, setting).filter(v -> !v.startsWith("https://"))
                    .ifPresent(v -> problems.add(new Problem(setting, "must be an https URL in production, got " + v)));
        }
        String noAudience = AudienceRequirement.problem(
                config.getOptionalValue("suite.binding.enabled", Boolean.class).orElse(false),
                config.getOptionalValues(AudienceRequirement.SETTING, String.class));
        if (noAudience != null) {
            problems.add(new Problem(AudienceRequirement.SETTING, noAudience));
        }
        config.getOptionalValue(SigningKeySealing.SECRET_SETTING, String.class)
                .map(SigningKeySealing::secretProblem)
                .ifPresent(p -> problems.add(new Problem(SigningKeySealing.SECRET_SETTING, p)));
        value(config, "quarkus.datasource.jdbc.url").ifPresent(url -> database(config, url, problems));
        return problems;
    }

    /**
     * Trusted proxies need their own client certificate ({@code proxy-certificate-dns}) in every
     * profile but dev and test, or the loudly named override. The profiles come from the
     * configuration itself; a malformed CIDR list is already its setting's one line.
     */
    static void proxyIdentity(SmallRyeConfig config, List<Problem> problems) {
        if (problems.stream().anyMatch(p -> p.setting().equals(ClientCertificateSource.TRUSTED_PROXIES))) {
            return;
        }
        ClientCertificateSource.proxyIdentityProblem(config.getProfiles(),
                value(config, ClientCertificateSource.TRUSTED_PROXIES).isPresent(),
                value(config, ClientCertificateSource.PROXY_CERTIFICATE_DNS).isPresent(),
                config.getOptionalValue(ClientCertificateSource.INSECURE_OVERRIDE, Boolean.class).orElse(false))
                .ifPresent(p -> problems.add(new Problem(ClientCertificateSource.TRUSTED_PROXIES, p)));
    }

    private static Optional<String> value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static boolean readable(String setting, String file, List<Problem> problems) {
        Path p = Path.of(file);
        if (!Files.exists(p)) {
            problems.add(new Problem(setting, file + " does not exist"));
            return false;
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            problems.add(new Problem(setting, file + " is not a readable file"));
            return false;
        }
        return true;
    }

    private static void certificates(String setting, List<String> files, List<Problem> problems) {
        for (String f : files) {
            String file = f.strip();
            if (!readable(setting, file, problems)) {
                continue;
            }
            try {
                if (ClientCertificateChainValidator.readPemCertificates(List.of(Path.of(file))).isEmpty()) {
                    problems.add(new Problem(setting, file + " holds no PEM certificate"));
                }
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(setting, file + " is not PEM certificates (" + e.getMessage() + ")"));
            }
        }
    }

    private static void database(SmallRyeConfig config, String url, List<Problem> problems) {
        Properties props = new Properties();
        value(config, "quarkus.datasource.username").ifPresent(u -> props.setProperty("user", u));
        value(config, "quarkus.datasource.password").ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        try {
            Driver driver = (Driver) Class.forName("org.postgresql.Driver", true, Thread.currentThread().getContextClassLoader())
                    .getDeclaredConstructor().newInstance();
            try (Connection c = driver.connect(url, props)) {
                if (c == null) {
                    problems.add(new Problem("quarkus.datasource.jdbc.url", "not a PostgreSQL JDBC URL"));
                }
            }
        } catch (SQLException e) {
            problems.add(new Problem("quarkus.datasource.jdbc.url", "the database is unreachable (" + oneLine(e.getMessage()) + ")"));
        } catch (ReflectiveOperationException e) {
            // no PostgreSQL driver on this class path: nothing to check
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
