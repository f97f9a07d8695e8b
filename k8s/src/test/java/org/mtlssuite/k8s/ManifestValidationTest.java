package org.mtlssuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The manifests under k8s/ against the typed Kubernetes and cert-manager models and the rules of
 * {@link ManifestChecks}, for each overlay as assembled from its files and, when kubectl is on PATH,
 * as {@code kubectl kustomize} renders it. Each rule is also shown to catch a broken manifest.
 */
class ManifestValidationTest {

    static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "images",
            "patches");
    static Map<String, Set<String>> knownEnvironment;

    @BeforeAll
    static void readServiceConfiguration() throws IOException {
        knownEnvironment = ServiceConfigurationProperties.environmentNamesByService();
    }

    /** "Kind/name" rows of an overlay's EXTERNAL.md table: what the deployment expects to exist already. */
    static Set<String> external(String overlay) throws IOException {
        Path file = Manifests.K8S.resolve("overlays").resolve(overlay).resolve("EXTERNAL.md");
        Set<String> out = new HashSet<>();
        if (!Files.exists(file)) {
            return out;
        }
        Matcher m = Pattern.compile("^\\| (\\w+) \\| `([a-z0-9.-]+)` \\|", Pattern.MULTILINE).matcher(Files.readString(file));
        while (m.find()) {
            out.add(m.group(1) + "/" + m.group(2));
        }
        return out;
    }

    @Test
    void everyDocumentParsesIntoTheTypedModelWithNoUnknownField() throws Exception {
        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (Path file : Manifests.yamlFiles()) {
            for (Manifests.Document d : Manifests.documents(file)) {
                documents++;
                if (Manifests.isKustomization(d)) {
                    for (Iterator<String> it = d.tree().fieldNames(); it.hasNext();) {
                        String f = it.next();
                        if (!KUSTOMIZATION_FIELDS.contains(f)) {
                            problems.add(d.where() + ": kustomization field " + f + " is not one this repository uses");
                        }
                    }
                    continue;
                }
                HasMetadata o = Manifests.typed(d);
                if (o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
                    problems.add(d.where() + ": " + o.getApiVersion() + "/" + o.getKind() + " is not a kind of the typed model");
                }
                for (String p : ManifestChecks.unknownFields(o)) {
                    problems.add(d.where() + ": " + p);
                }
            }
        }
        assertTrue(documents > 30, "found the manifests (" + documents + " documents)");
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void overlayAssembledFromItsFilesKeepsEveryRule(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.assemble(Manifests.K8S.resolve("overlays").resolve(overlay));
        assertEquals(List.of(), new ManifestChecks(objects, external(overlay)).all(knownEnvironment));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void overlayRenderedByKubectlKeepsEveryRule(String overlay) throws Exception {
        Assumptions.assumeTrue(Manifests.kubectlAvailable(), "kubectl is not on PATH (CI has it)");
        List<HasMetadata> objects = Manifests.rendered(Manifests.K8S.resolve("overlays").resolve(overlay));
        assertEquals(List.of(), new ManifestChecks(objects, external(overlay)).all(knownEnvironment));
        for (Deployment d : new ManifestChecks(objects, Set.of()).all(Deployment.class)) {
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            String name = d.getMetadata().getName();
            assertTrue("dev".equals(overlay) ? image.equals("mtls-suite/" + name + ":dev")
                    : image.equals("registry.example.com/mtls-suite/" + name + ":0.1.0"), image);
            if ("prod".equals(overlay)) {
                assertTrue(d.getSpec().getReplicas() >= 2, name + " runs at least two replicas in prod");
            } else {
                assertEquals(1, d.getSpec().getReplicas());
            }
        }
    }

    @Test
    void everyOverlayDirectoryIsCheckedHere() throws Exception {
        assertEquals(List.of("dev", "prod"), Manifests.overlays().stream().map(p -> p.getFileName().toString()).toList());
    }

    // --- the rules catch broken manifests ----------------------------------------------------------------

    static List<HasMetadata> dev() throws Exception {
        return Manifests.assemble(Manifests.K8S.resolve("overlays/dev"));
    }

    static Container container(List<HasMetadata> objects, String deployment) {
        return new ManifestChecks(objects, Set.of()).find(Deployment.class, deployment).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    static List<String> problems(List<HasMetadata> objects) {
        return new ManifestChecks(objects, Set.of()).all(knownEnvironment);
    }

    @Test
    void wrongProbePathIsCaught() throws Exception {
        List<HasMetadata> objects = dev();
        container(objects, "authz-service").getReadinessProbe().getHttpGet().setPath("/q/health/readyz");
        assertEquals(List.of("Deployment/authz-service container authz-service: readinessProbe path /q/health/readyz is not a "
                + "health endpoint " + ManifestChecks.HEALTH_PATHS), problems(objects));
    }

    @Test
    void probeOnAMissingPortIsCaught() throws Exception {
        List<HasMetadata> objects = dev();
        container(objects, "sample-resource").getLivenessProbe().getHttpGet().setPort(new IntOrString("metrics"));
        assertEquals(List.of("Deployment/sample-resource container sample-resource: livenessProbe port metrics is not a port of the container"),
                problems(objects));
    }

    @Test
    void serviceSelectorAndTargetPortMismatchesAreCaught() throws Exception {
        List<HasMetadata> objects = dev();
        var checks = new ManifestChecks(objects, Set.of());
        checks.find(io.fabric8.kubernetes.api.model.Service.class, "introspection-service").getSpec()
                .setSelector(Map.of("app.kubernetes.io/name", "introspection"));
        checks.find(io.fabric8.kubernetes.api.model.Service.class, "authz-service").getSpec().getPorts().get(1)
                .setTargetPort(new IntOrString(9444));
        List<String> p = problems(objects);
        assertTrue(p.contains("Service/introspection-service: selector {app.kubernetes.io/name=introspection} matches no pod template"), p.toString());
        assertTrue(p.contains("Service/authz-service: targetPort 9444 is not a container port of the selected pods"), p.toString());
    }

    @Test
    void unknownEnvironmentVariableIsCaught() throws Exception {
        List<HasMetadata> objects = dev();
        new ManifestChecks(objects, Set.of()).find(io.fabric8.kubernetes.api.model.ConfigMap.class, "authz-service-environment")
                .getData().put("AUTHZ_ISSUER_URL", "https://localhost:8443");
        assertEquals(List.of("Deployment/authz-service: environment variable AUTHZ_ISSUER_URL is not a configuration property of authz-service"),
                problems(objects));
    }

    @Test
    void missingSecretAndUnknownIssuerAreCaught() throws Exception {
        List<HasMetadata> objects = new ArrayList<>(dev());
        objects.removeIf(o -> o.getKind().equals("Secret") && o.getMetadata().getName().equals("database-credentials"));
        objects.removeIf(o -> o.getKind().equals("Issuer") && o.getMetadata().getName().equals("mtls-suite-ca"));
        List<String> p = problems(objects);
        assertTrue(p.contains("Deployment/authz-service env QUARKUS_DATASOURCE_PASSWORD: Secret database-credentials is neither "
                + "defined, nor made by a Certificate, nor documented as external"), p.toString());
        assertTrue(p.contains("Certificate/authz-service-tls: issuerRef mtls-suite-ca is neither defined nor documented as external"),
                p.toString());
    }

    @Test
    void unknownFieldAndUnknownKindAreCaught() throws Exception {
        Manifests.Document d = Manifests.documents(Manifests.K8S.resolve("base/authz-service.yaml")).get(1);
        ObjectNode broken = d.tree().deepCopy();
        ((ObjectNode) broken.get("spec")).put("replica", 2);
        HasMetadata typo = Manifests.typed(new Manifests.Document(d.file(), d.index(), broken));
        assertEquals(List.of("Deployment/authz-service.spec: unknown field(s) [replica]"), ManifestChecks.unknownFields(typo));

        ObjectNode kind = d.tree().deepCopy();
        kind.put("kind", "Deploymnet");
        HasMetadata generic = Manifests.typed(new Manifests.Document(d.file(), d.index(), kind));
        assertFalse(new ManifestChecks(List.of(generic), Set.of()).all(Map.of()).isEmpty());
    }

    @Test
    void writableRootOrMissingTmpIsCaught() throws Exception {
        List<HasMetadata> objects = dev();
        Container c = container(objects, "introspection-service");
        c.getSecurityContext().setReadOnlyRootFilesystem(false);
        c.getVolumeMounts().removeIf(m -> m.getMountPath().equals("/tmp"));
        List<String> p = problems(objects);
        assertTrue(p.contains("Deployment/introspection-service container introspection-service: readOnlyRootFilesystem must be true"), p.toString());
        assertTrue(p.contains("Deployment/introspection-service container introspection-service: /tmp must be a writable emptyDir "
                + "(Vert.x and native TLS unpack files there)"), p.toString());
    }
}
