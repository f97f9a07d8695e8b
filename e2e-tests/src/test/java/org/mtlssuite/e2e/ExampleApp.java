package org.mtlssuite.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.mtlssuite.devsupport.Suite;

/**
 * One of the {@code examples/} applications as a process from its built jar, pointed at the suite
 * started by {@link E2eSuite} (its issuer and dev PKI), on a free port. Stopped by {@link #close()}.
 */
final class ExampleApp implements AutoCloseable {

    final String name;
    final int port;
    final Process process;
    final Path log;

    private ExampleApp(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    String url() {
        return "https://localhost:" + port;
    }

    /**
     * Starts {@code examples/<module>} with the suite's issuer as {@code quarkus.oidc.auth-server-url},
     * the suite's dev PKI as {@code pki.dir}, the given port and extra properties, and waits until it
     * answers ready.
     */
    static ExampleApp start(String module, int port, Map<String, String> extra) throws Exception {
        Suite suite = E2eSuite.get();
        Path root = suite.options().root();
        Path jar = root.resolve("examples").resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("examples/" + module + " is not built (" + jar + " is missing): run "
                    + "./mvnw -pl e2e-tests -am verify, which packages it");
        }
        Map<String, String> props = new LinkedHashMap<>();
        props.put("quarkus.oidc.auth-server-url", suite.manifest().issuer());
        props.put("pki.dir", suite.pki().dir().toAbsolutePath().toString());
        props.put("quarkus.http.ssl-port", String.valueOf(port));
        props.putAll(extra);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        Path logs = suite.options().stateDir().resolve("logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(module + ".log");
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ExampleApp app = new ExampleApp(module, port, process, log);
        try {
            app.awaitReady(suite.httpClient(null));
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void awaitReady(HttpClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        URI ready = URI.create(url() + "/q/health/ready");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before it was ready; "
                        + "last lines of " + log + ":\n" + tail(30));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready after 120 s; last lines of " + log + ":\n" + tail(30));
            }
            Thread.sleep(100);
        }
    }

    /** The end of the application's log, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
