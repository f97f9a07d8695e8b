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
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

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
                if (ManifestSchemas.covers(d.tree().path("apiVersion").asText(), d.tree().path("kind").asText())) {
                    problems.addAll(ManifestSchemas.validate(d.tree(), d.where()));
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
    @ValueSource(strings = { "dev", "prod", "gateway" })
    void overlayAssembledFromItsFilesKeepsEveryRule(String overlay) throws Exception {
        List<HasMetadata> objects = Manifests.assemble(Manifests.K8S.resolve("overlays").resolve(overlay));
        assertEquals(List.of(), new ManifestChecks(objects, external(overlay)).all(knownEnvironment));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod", "gateway" })
    void overlayRenderedByKubectlKeepsEveryRule(String overlay) throws Exception {
        Assumptions.assumeTrue(Manifests.kubectlAvailable(), "kubectl is not on PATH (CI has it)");
        List<HasMetadata> objects = Manifests.rendered(Manifests.K8S.resolve("overlays").resolve(overlay));
        assertEquals(List.of(), new ManifestChecks(objects, external(overlay)).rendered().all(knownEnvironment));
        ManifestChecks checks = new ManifestChecks(objects, Set.of());
        for (Deployment d : checks.all(Deployment.class)) {
            String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            String name = d.getMetadata().getName();
            assertTrue("dev".equals(overlay) ? image.equals("mtls-suite/" + name + ":dev")
                    : image.equals("registry.example.com/mtls-suite/" + name + ":0.1.0"), image);
            assertEquals(null, d.getSpec().getReplicas(), name + ": the HorizontalPodAutoscaler owns the count");
            var hpa = checks.find(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class, name);
            if ("dev".equals(overlay)) {
                assertEquals(1, hpa.getSpec().getMinReplicas());
                assertEquals(1, hpa.getSpec().getMaxReplicas());
            } else {
                assertTrue(hpa.getSpec().getMinReplicas() >= 2, name + " runs at least two replicas in production");
                // the version label follows the released image
                assertEquals(image.substring(image.lastIndexOf(':') + 1),
                        d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/version"), name);
            }
        }
        if ("gateway".equals(overlay)) {
            for (Deployment d : checks.all(Deployment.class)) {
                Map<String, String> env = checks.environment(d.getSpec().getTemplate().getSpec().getContainers().get(0));
                assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("SUITE_CERTIFICATE_SOURCE_")),
                        d.getMetadata().getName() + ": with TLS passthrough no proxy is trusted: " + env.keySet());
            }
            assertEquals(java.util.List.of("api", "authz-mtls"), checks.trees("TLSRoute").stream()
                    .map(r -> r.path("metadata").path("name").asText()).sorted().toList());
        }
    }

    @Test
    void everyOverlayDirectoryIsCheckedHere() throws Exception {
        assertEquals(List.of("dev", "gateway", "prod"), Manifests.overlays().stream().map(p -> p.getFileName().toString()).toList());
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
        objects.removeIf(o -> o.getKind().equals("Secret") && o.getMetadata().getName().equals("authz-service-db"));
        objects.removeIf(o -> o.getKind().equals("Issuer") && o.getMetadata().getName().equals("mtls-suite-ca"));
        List<String> p = problems(objects);
        assertTrue(p.contains("Deployment/authz-service env QUARKUS_DATASOURCE_PASSWORD: Secret authz-service-db is neither "
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

    // --- production rules: autoscaling, identity, probes, routes, schemas, proxies, database, scraping -------

    static List<HasMetadata> overlay(String name) throws Exception {
        return new ArrayList<>(Manifests.assemble(Manifests.K8S.resolve("overlays/" + name)));
    }

    static List<String> problems(List<HasMetadata> objects, String overlay) throws IOException {
        return new ManifestChecks(objects, external(overlay)).all(knownEnvironment);
    }

    /** Replaces one object by an edited copy of its JSON tree (as a custom resource is edited in YAML). */
    static void edit(List<HasMetadata> objects, String kind, String name, java.util.function.Consumer<ObjectNode> change) {
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = objects.get(i);
            if (o.getKind().equals(kind) && o.getMetadata().getName().equals(name)) {
                ObjectNode tree = (ObjectNode) ManifestSchemas.tree(o);
                change.accept(tree);
                objects.set(i, Manifests.typed(new Manifests.Document(Manifests.K8S, 0, tree)));
                return;
            }
        }
        throw new IllegalArgumentException("no " + kind + "/" + name);
    }

    @Test
    void replicasBesideAnAutoscalerAndAFixedUserIdAreCaught() throws Exception {
        List<HasMetadata> objects = dev();
        Deployment as = new ManifestChecks(objects, Set.of()).find(Deployment.class, "authz-service");
        as.getSpec().setReplicas(2);
        as.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsUser(185L);
        assertEquals(List.of("Deployment/authz-service: replicas must not be set, the HorizontalPodAutoscaler owns the count "
                + "(kubectl apply would reset it)", "Deployment/authz-service: the pod sets a fixed runAsUser/runAsGroup/fsGroup "
                + "(OpenShift's restricted SCC refuses it)"), problems(objects));
    }

    @Test
    void probeOnTheApiPortMissingLabelAndMissingSpreadAreCaught() throws Exception {
        List<HasMetadata> objects = dev();
        Deployment rs = new ManifestChecks(objects, Set.of()).find(Deployment.class, "sample-resource");
        rs.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().setPort(new IntOrString("https"));
        rs.getSpec().getTemplate().getMetadata().getLabels().remove("app.kubernetes.io/component");
        rs.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().remove(0);
        assertEquals(List.of("Deployment/sample-resource pod template: label app.kubernetes.io/component is missing",
                "Deployment/sample-resource: no topologySpreadConstraint over topology.kubernetes.io/zone selecting its own pods",
                "Deployment/sample-resource container sample-resource: readinessProbe must use the management port (management), "
                        + "not https (health is not served on the API ports)"), problems(objects));
    }

    @Test
    void aRouteToEveryPathOfTheMainListenerOrToTheAdminListenerIsCaught() throws Exception {
        List<HasMetadata> objects = overlay("gateway");
        edit(objects, "HTTPRoute", "authz-main", r -> ((ObjectNode) r.get("spec").get("rules").get(0).get("matches").get(0)
                .get("path")).put("type", "PathPrefix").put("value", "/"));
        List<String> p = problems(objects, "gateway");
        assertEquals(List.of("HTTPRoute/authz-main: routes PathPrefix / to the AS's main listener; only its public paths "
                + ManifestChecks.PUBLIC_MAIN_LISTENER_PATHS + " may be routed"), p);

        List<HasMetadata> prod = overlay("prod");
        Ingress main = new ManifestChecks(prod, Set.of()).find(Ingress.class, "authz-main");
        main.getSpec().getRules().get(0).getHttp().getPaths().get(1).getBackend().getService().setName("authz-service-admin");
        main.getSpec().getRules().get(0).getHttp().getPaths().get(1).getBackend().getService().getPort().setName("https-admin");
        assertEquals(List.of("Ingress/authz-main: routes to authz-service-admin port https-admin, which must stay in-cluster"),
                problems(prod, "prod"));
    }

    @Test
    void tlsRouteToATerminatingListenerAndFieldsTheCrdDoesNotKnowAreCaught() throws Exception {
        List<HasMetadata> objects = overlay("gateway");
        edit(objects, "TLSRoute", "api", r -> {
            ((ObjectNode) r.get("spec").get("parentRefs").get(0)).put("sectionName", "as-main");
            ((ObjectNode) r.get("spec").get("rules").get(0)).put("backendRef", "sample-resource");
        });
        edit(objects, "Gateway", "mtls-suite", g -> ((ObjectNode) g.get("spec").get("listeners").get(1).get("tls"))
                .put("mode", "Terminate"));
        List<String> p = problems(objects, "gateway");
        assertTrue(p.stream().anyMatch(l -> l.startsWith("TLSRoute/api: ") && l.contains("backendRef")), p.toString());
        assertTrue(p.contains("TLSRoute/api: listener as-main is not a TLS passthrough listener"), p.toString());
        assertTrue(p.contains("TLSRoute/api: hostname api.bank.example is not the listener's as.bank.example"), p.toString());
        assertTrue(p.contains("Gateway/mtls-suite listener as-mtls: a TLS listener must be Passthrough here, so that the service "
                + "itself terminates mutual TLS"), p.toString());
        assertTrue(p.contains("TLSRoute/authz-mtls: listener as-mtls is not a TLS passthrough listener"), p.toString());
    }

    @Test
    void aTlsRouteAtAVersionGatewayApiNoLongerServesIsCaught() throws Exception {
        List<HasMetadata> objects = overlay("gateway");
        edit(objects, "TLSRoute", "api", r -> r.put("apiVersion", "gateway.networking.k8s.io/v1alpha2"));
        List<String> p = problems(objects, "gateway");
        assertTrue(p.stream().anyMatch(l -> l.startsWith("TLSRoute/api: TLSRoute is not served at gateway.networking.k8s.io/v1alpha2")),
                p.toString());
    }

    @Test
    void theClusterIsValidatedAgainstTheCloudNativePgSchema() throws Exception {
        List<HasMetadata> objects = overlay("gateway");
        edit(objects, "Cluster", "mtls-suite-db", k -> {
            ((ObjectNode) k.get("spec")).put("instance", 3);
            ((ObjectNode) k.get("spec").get("postgresql").get("synchronous")).put("method", "all");
        });
        List<String> p = problems(objects, "gateway");
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("Cluster/mtls-suite-db: ") && l.contains("instance")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("Cluster/mtls-suite-db: ") && l.contains("method")), p.toString());
    }

    @Test
    void trustedProxiesWithoutTheProxyIdentityAreCaught() throws Exception {
        List<HasMetadata> objects = overlay("prod");
        new ManifestChecks(objects, Set.of()).find(io.fabric8.kubernetes.api.model.ConfigMap.class, "authz-service-environment")
                .getData().remove("SUITE_CERTIFICATE_SOURCE_PROXY_CERTIFICATE_DNS");
        new ManifestChecks(objects, Set.of()).find(io.fabric8.kubernetes.api.model.ConfigMap.class, "sample-resource-environment")
                .getData().put("SUITE_CERTIFICATE_SOURCE_INSECURE_TRUST_PROXIES_WITHOUT_CERTIFICATE", "true");
        assertEquals(List.of("Deployment/authz-service: SUITE_CERTIFICATE_SOURCE_TRUSTED_PROXIES without "
                + "SUITE_CERTIFICATE_SOURCE_PROXY_CERTIFICATE_DNS: any pod in that range could forward a victim's certificate",
                "Deployment/sample-resource: SUITE_CERTIFICATE_SOURCE_INSECURE_TRUST_PROXIES_WITHOUT_CERTIFICATE must not be set "
                        + "in these manifests"), problems(objects, "prod"));
    }

    @Test
    void theAsOnAReplicaASharedDatabaseSecretAndAnUnscrapedServiceAreCaught() throws Exception {
        List<HasMetadata> objects = overlay("prod");
        ManifestChecks checks = new ManifestChecks(objects, Set.of());
        var env = checks.find(io.fabric8.kubernetes.api.model.ConfigMap.class, "authz-service-environment").getData();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", env.get("QUARKUS_DATASOURCE_JDBC_URL").replace("mtls-suite-db-rw", "mtls-suite-db-ro"));
        for (var e : checks.find(Deployment.class, "introspection-service").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv()) {
            e.getValueFrom().getSecretKeyRef().setName("authz-service-db");
        }
        checks.find(io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class, "sample-resource").getSpec().getEndpoints()
                .get(0).setPort("metrics");
        List<String> p = problems(objects, "prod");
        assertTrue(p.contains("Deployment/authz-service: the database host mtls-suite-db-ro.mtls-suite.svc is not the Cluster's "
                + "primary service (<cluster>-rw); replicas lag, and revocation must be seen at once"), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.startsWith("the services share a database Secret")), p.toString());
        assertTrue(p.contains("Deployment/sample-resource: no ServiceMonitor scrapes its management port"), p.toString());
        assertTrue(p.contains("ServiceMonitor/sample-resource: endpoint port metrics is a port of no selected Service"), p.toString());
    }

    @Test
    void aPassthroughHostTheServiceCertificateDoesNotNameIsCaughtOnceRendered() throws Exception {
        Assumptions.assumeTrue(Manifests.kubectlAvailable(), "kubectl is not on PATH (CI has it)");
        List<HasMetadata> objects = new ArrayList<>(Manifests.rendered(Manifests.K8S.resolve("overlays/gateway")));
        new ManifestChecks(objects, Set.of()).find(io.fabric8.certmanager.api.model.v1.Certificate.class, "sample-resource-tls")
                .getSpec().getDnsNames().remove("api.bank.example");
        List<String> p = new ManifestChecks(objects, external("gateway")).rendered().all(knownEnvironment);
        assertEquals(List.of("TLSRoute/api: with passthrough the client sees sample-resource's own certificate, which does not "
                + "name api.bank.example [sample-resource, sample-resource.mtls-suite.svc, sample-resource.mtls-suite.svc.cluster.local]"),
                p.stream().map(l -> l.replaceAll("\\[.*\\]", "[sample-resource, sample-resource.mtls-suite.svc, "
                        + "sample-resource.mtls-suite.svc.cluster.local]")).toList());
    }
}
