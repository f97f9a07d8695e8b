package org.mtlssuite.k8s;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The rules the manifests must keep, each returning what breaks it (empty when all hold): typed
 * model with no unknown field, workload hardening, real health probe paths, Service selectors and
 * target ports, references to ConfigMaps, Secrets and Issuers, environment variables that name real
 * configuration properties, NetworkPolicy, PDB, HPA and Ingress targets.
 */
final class ManifestChecks {

    /** The three services: Deployment name = container name = module folder. */
    static final List<String> SERVICES = List.of("authz-service", "introspection-service", "sample-resource");
    /** The container port name of the Quarkus management interface (health, metrics, OpenAPI). */
    static final String MANAGEMENT_PORT = "management";
    /** The container port name of the AS's admin listener. */
    static final String ADMIN_PORT = "https-admin";
    /**
     * What the AS's main listener serves to the public (everything else there is 404 or internal); with
     * the OpenID Connect provider also its discovery document and RP-Initiated Logout.
     */
    static final List<String> PUBLIC_MAIN_LISTENER_PATHS = List.of("/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration", "/jwks", "/authorize", "/register", "/logout");
    /** SmallRye Health's endpoints under the default root path. */
    static final List<String> HEALTH_PATHS = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");

    private final List<HasMetadata> objects;
    private final Set<String> external;
    private final List<String> problems = new ArrayList<>();
    /** Whether kustomize's patches were applied (kubectl kustomize); an overlay assembled from its files has none. */
    private boolean patchesApplied;

    /** @param external "Kind/name" of objects the deployment expects to exist outside these manifests */
    ManifestChecks(List<HasMetadata> objects, Set<String> external) {
        this.objects = objects;
        this.external = external;
    }

    List<String> all(Map<String, Set<String>> knownEnvByService) {
        unknownFieldsAndKinds();
        workloads();
        services();
        references();
        environment(knownEnvByService);
        trustedProxies();
        networkPolicies();
        scraping();
        budgetsAndAutoscalers();
        ingresses();
        gatewayRoutes();
        database();
        return problems;
    }

    List<String> problems() {
        return problems;
    }

    /** The objects are kubectl kustomize's output: patched content (such as added certificate names) can be checked too. */
    ManifestChecks rendered() {
        patchesApplied = true;
        return this;
    }

    // --- the model --------------------------------------------------------------------------------------

    void unknownFieldsAndKinds() {
        for (HasMetadata o : objects) {
            String where = id(o);
            if (ManifestSchemas.covers(o.getApiVersion(), o.getKind())) {
                problems.addAll(ManifestSchemas.validate(o, where));
                continue;
            }
            if (o instanceof GenericKubernetesResource) {
                problems.add(where + ": kind " + o.getApiVersion() + "/" + o.getKind() + " is not in the typed model");
                continue;
            }
            unknownFields(o, where, new HashSet<>());
        }
    }

    /** Walks the object's fields; any non-empty additionalProperties is a field the model does not know. */
    static List<String> unknownFields(Object root) {
        ManifestChecks c = new ManifestChecks(List.of(), Set.of());
        c.unknownFields(root, root instanceof HasMetadata h ? id(h) : root.getClass().getSimpleName(), new HashSet<>());
        return c.problems;
    }

    private void unknownFields(Object o, String path, Set<Object> seen) {
        if (o == null || !seen.add(System.identityHashCode(o) + ":" + o.getClass().getName())) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if ("additionalProperties".equals(f.getName())) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else {
                    unknownFields(v, path + "." + f.getName(), seen);
                }
            }
        }
    }

    // --- workloads ----------------------------------------------------------------------------------------

    void workloads() {
        for (Deployment d : all(Deployment.class)) {
            PodTemplateSpec t = d.getSpec().getTemplate();
            String where = id(d);
            if (d.getSpec().getReplicas() != null && autoscaled(d)) {
                problems.add(where + ": replicas must not be set, the HorizontalPodAutoscaler owns the count "
                        + "(kubectl apply would reset it)");
            }
            if (SERVICES.contains(d.getMetadata().getName())) {
                labels(where, d.getMetadata().getLabels());
                labels(where + " pod template", t.getMetadata().getLabels());
                topologySpread(where, t);
            }
            noFixedUserId(where, t);
            if (!Boolean.FALSE.equals(t.getSpec().getAutomountServiceAccountToken())) {
                problems.add(where + ": automountServiceAccountToken must be false");
            }
            var podSecurity = t.getSpec().getSecurityContext();
            if (podSecurity == null || !Boolean.TRUE.equals(podSecurity.getRunAsNonRoot())) {
                problems.add(where + ": the pod must set runAsNonRoot: true");
            }
            for (Container c : t.getSpec().getContainers()) {
                String cw = where + " container " + c.getName();
                var sc = c.getSecurityContext();
                if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    problems.add(cw + ": readOnlyRootFilesystem must be true");
                }
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    problems.add(cw + ": allowPrivilegeEscalation must be false");
                }
                if (c.getResources() == null || c.getResources().getRequests() == null || c.getResources().getLimits() == null
                        || !c.getResources().getRequests().keySet().containsAll(Set.of("cpu", "memory"))
                        || !c.getResources().getLimits().containsKey("memory")) {
                    problems.add(cw + ": resource requests (cpu, memory) and a memory limit are required");
                }
                Optional<VolumeMount> tmp = Optional.ofNullable(c.getVolumeMounts()).orElse(List.of()).stream()
                        .filter(m -> "/tmp".equals(m.getMountPath())).findFirst();
                if (tmp.isEmpty() || volume(t, tmp.get().getName()).map(v -> v.getEmptyDir() == null).orElse(true)) {
                    problems.add(cw + ": /tmp must be a writable emptyDir (Vert.x and native TLS unpack files there)");
                }
                if (SERVICES.contains(d.getMetadata().getName())) {
                    probe(cw, c, "readinessProbe", c.getReadinessProbe(), true);
                    probe(cw, c, "livenessProbe", c.getLivenessProbe(), true);
                    probe(cw, c, "startupProbe", c.getStartupProbe(), false);
                }
            }
        }
    }

    /** The recommended label set (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
    static final List<String> RECOMMENDED_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
            "app.kubernetes.io/version", "app.kubernetes.io/component", "app.kubernetes.io/part-of",
            "app.kubernetes.io/managed-by");

    private void labels(String where, Map<String, String> labels) {
        for (String l : RECOMMENDED_LABELS) {
            if (labels == null || labels.get(l) == null || labels.get(l).isBlank()) {
                problems.add(where + ": label " + l + " is missing");
            }
        }
    }

    /** Spread across nodes and zones, counting only this workload's pods. */
    private void topologySpread(String where, PodTemplateSpec t) {
        for (String key : List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone")) {
            boolean spread = Optional.ofNullable(t.getSpec().getTopologySpreadConstraints()).orElse(List.of()).stream()
                    .anyMatch(c -> key.equals(c.getTopologyKey()) && c.getLabelSelector() != null
                            && c.getLabelSelector().getMatchLabels() != null && t.getMetadata().getLabels() != null
                            && t.getMetadata().getLabels().entrySet().containsAll(c.getLabelSelector().getMatchLabels().entrySet()));
            if (!spread) {
                problems.add(where + ": no topologySpreadConstraint over " + key + " selecting its own pods");
            }
        }
    }

    /**
     * OpenShift's restricted SCC assigns the user (and fsGroup) from the namespace's range and refuses
     * others; Pod Security "restricted" wants runAsNonRoot. So: runAsNonRoot, and no fixed ids.
     */
    private void noFixedUserId(String where, PodTemplateSpec t) {
        var pod = t.getSpec().getSecurityContext();
        if (pod != null && (pod.getRunAsUser() != null || pod.getRunAsGroup() != null || pod.getFsGroup() != null)) {
            problems.add(where + ": the pod sets a fixed runAsUser/runAsGroup/fsGroup (OpenShift's restricted SCC refuses it)");
        }
        for (Container c : allContainers(t)) {
            var sc = c.getSecurityContext();
            if (sc != null && (sc.getRunAsUser() != null || sc.getRunAsGroup() != null)) {
                problems.add(where + " container " + c.getName() + ": a fixed runAsUser/runAsGroup (OpenShift's restricted SCC refuses it)");
            }
            if (sc == null || sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                    || !sc.getCapabilities().getDrop().contains("ALL")) {
                problems.add(where + " container " + c.getName() + ": capabilities must drop ALL");
            }
        }
        if (pod == null || pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
            problems.add(where + ": the pod must use the RuntimeDefault seccomp profile");
        }
    }

    boolean autoscaled(Deployment d) {
        return all(HorizontalPodAutoscaler.class).stream().anyMatch(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                && d.getMetadata().getName().equals(h.getSpec().getScaleTargetRef().getName()));
    }

    private void probe(String where, Container c, String kind, Probe p, boolean required) {
        if (p == null) {
            if (required) {
                problems.add(where + ": " + kind + " is missing");
            }
            return;
        }
        HTTPGetAction get = p.getHttpGet();
        if (get == null) {
            problems.add(where + ": " + kind + " must be an httpGet on a health endpoint");
            return;
        }
        if (!HEALTH_PATHS.contains(get.getPath())) {
            problems.add(where + ": " + kind + " path " + get.getPath() + " is not a health endpoint " + HEALTH_PATHS);
        }
        Optional<ContainerPort> port = containerPort(c, get.getPort());
        if (port.isEmpty()) {
            problems.add(where + ": " + kind + " port " + portText(get.getPort()) + " is not a port of the container");
        } else if (!MANAGEMENT_PORT.equals(port.get().getName())) {
            problems.add(where + ": " + kind + " must use the management port (" + MANAGEMENT_PORT + "), not "
                    + portText(get.getPort()) + " (health is not served on the API ports)");
        }
        if (!"HTTPS".equals(get.getScheme())) {
            problems.add(where + ": " + kind + " must use scheme HTTPS (the services accept no plain HTTP)");
        }
    }

    // --- services ---------------------------------------------------------------------------------------------

    void services() {
        for (Service s : all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            List<PodTemplateSpec> pods = podsMatching(selector);
            if (selector == null || selector.isEmpty() || pods.isEmpty()) {
                problems.add(id(s) + ": selector " + selector + " matches no pod template");
                continue;
            }
            for (ServicePort port : s.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                for (PodTemplateSpec pod : pods) {
                    boolean found = pod.getSpec().getContainers().stream().anyMatch(c -> containerPort(c, target).isPresent());
                    if (!found) {
                        problems.add(id(s) + ": targetPort " + portText(target) + " is not a container port of the selected pods");
                    }
                }
            }
        }
    }

    // --- references ------------------------------------------------------------------------------------------

    void references() {
        Set<String> certificateSecrets = new HashSet<>(operatorSecrets());
        for (Certificate c : all(Certificate.class)) {
            certificateSecrets.add(c.getSpec().getSecretName());
            var ref = c.getSpec().getIssuerRef();
            String kind = ref.getKind() == null ? "Issuer" : ref.getKind();
            if ("Issuer".equals(kind) && find(Issuer.class, ref.getName()) == null && !external.contains("Issuer/" + ref.getName())) {
                problems.add(id(c) + ": issuerRef " + ref.getName() + " is neither defined nor documented as external");
            }
        }
        for (Issuer i : all(Issuer.class)) {
            if (i.getSpec().getCa() != null) {
                String secret = i.getSpec().getCa().getSecretName();
                if (!certificateSecrets.contains(secret) && find(Secret.class, secret) == null
                        && !external.contains("Secret/" + secret)) {
                    problems.add(id(i) + ": CA secret " + secret + " is not produced here nor documented as external");
                }
            }
        }
        for (HasMetadata w : workloadsWithPods()) {
            PodTemplateSpec t = podTemplate(w);
            for (Container c : allContainers(t)) {
                for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
                    if (from.getConfigMapRef() != null) {
                        configMap(id(w), from.getConfigMapRef().getName(), null);
                    }
                    if (from.getSecretRef() != null) {
                        secret(id(w), from.getSecretRef().getName(), null, certificateSecrets);
                    }
                }
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    if (e.getValueFrom().getConfigMapKeyRef() != null) {
                        configMap(id(w) + " env " + e.getName(), e.getValueFrom().getConfigMapKeyRef().getName(),
                                e.getValueFrom().getConfigMapKeyRef().getKey());
                    }
                    if (e.getValueFrom().getSecretKeyRef() != null) {
                        secret(id(w) + " env " + e.getName(), e.getValueFrom().getSecretKeyRef().getName(),
                                e.getValueFrom().getSecretKeyRef().getKey(), certificateSecrets);
                    }
                }
                Set<String> claims = new HashSet<>();
                if (w instanceof StatefulSet ss && ss.getSpec().getVolumeClaimTemplates() != null) {
                    ss.getSpec().getVolumeClaimTemplates().forEach(pvc -> claims.add(pvc.getMetadata().getName()));
                }
                for (VolumeMount m : Optional.ofNullable(c.getVolumeMounts()).orElse(List.of())) {
                    if (volume(t, m.getName()).isEmpty() && !claims.contains(m.getName())) {
                        problems.add(id(w) + " container " + c.getName() + ": volumeMount " + m.getName() + " has no volume");
                    }
                }
            }
            for (Volume v : Optional.ofNullable(t.getSpec().getVolumes()).orElse(List.of())) {
                if (v.getSecret() != null) {
                    secret(id(w) + " volume " + v.getName(), v.getSecret().getSecretName(), null, certificateSecrets);
                }
                if (v.getConfigMap() != null) {
                    configMap(id(w) + " volume " + v.getName(), v.getConfigMap().getName(), null);
                }
            }
        }
    }

    private void configMap(String where, String name, String key) {
        ConfigMap cm = find(ConfigMap.class, name);
        if (cm == null) {
            if (!external.contains("ConfigMap/" + name)) {
                problems.add(where + ": ConfigMap " + name + " is neither defined nor documented as external");
            }
        } else if (key != null && (cm.getData() == null || !cm.getData().containsKey(key))) {
            problems.add(where + ": ConfigMap " + name + " has no key " + key);
        }
    }

    private void secret(String where, String name, String key, Set<String> certificateSecrets) {
        Secret s = find(Secret.class, name);
        if (s == null) {
            if (certificateSecrets.contains(name)) {
                if (key != null && !Set.of("tls.crt", "tls.key", "ca.crt").contains(key)) {
                    problems.add(where + ": the cert-manager Secret " + name + " has no key " + key);
                }
            } else if (!external.contains("Secret/" + name)) {
                problems.add(where + ": Secret " + name + " is neither defined, nor made by a Certificate, nor documented as external");
            }
        } else if (key != null && !secretKeys(s).contains(key)) {
            problems.add(where + ": Secret " + name + " has no key " + key);
        }
    }

    static Set<String> secretKeys(Secret s) {
        Set<String> keys = new HashSet<>();
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        return keys;
    }

    // --- environment ------------------------------------------------------------------------------------

    /** Every environment variable a service's container receives maps to a configuration property of that service. */
    void environment(Map<String, Set<String>> knownEnvByService) {
        for (Deployment d : all(Deployment.class)) {
            String service = d.getMetadata().getName();
            Set<String> known = knownEnvByService.get(service);
            if (known == null) {
                continue;
            }
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (String name : environmentNames(c)) {
                    if (!known.contains(name)) {
                        problems.add(id(d) + ": environment variable " + name + " is not a configuration property of " + service);
                    }
                }
            }
        }
    }

    /** The variables a container gets: explicit env and every key of its envFrom ConfigMaps and Secrets found here. */
    Set<String> environmentNames(Container c) {
        Set<String> names = new java.util.TreeSet<>();
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            names.add(e.getName());
        }
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = find(ConfigMap.class, from.getConfigMapRef().getName());
                if (cm != null && cm.getData() != null) {
                    names.addAll(cm.getData().keySet());
                }
            }
            if (from.getSecretRef() != null) {
                Secret s = find(Secret.class, from.getSecretRef().getName());
                if (s != null) {
                    names.addAll(secretKeys(s));
                }
            }
        }
        return names;
    }

    /**
     * The resolved environment of a container (values from ConfigMaps and Secrets defined here; those
     * that exist only outside these manifests, such as production Secrets, contribute nothing).
     */
    Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = find(ConfigMap.class, from.getConfigMapRef().getName());
                if (cm != null && cm.getData() != null) {
                    env.putAll(cm.getData());
                }
            }
            if (from.getSecretRef() != null) {
                env.putAll(secretValues(find(Secret.class, from.getSecretRef().getName())));
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                ConfigMap cm = find(ConfigMap.class, e.getValueFrom().getConfigMapKeyRef().getName());
                if (cm != null && cm.getData() != null) {
                    env.put(e.getName(), cm.getData().get(e.getValueFrom().getConfigMapKeyRef().getKey()));
                }
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                String value = secretValues(find(Secret.class, e.getValueFrom().getSecretKeyRef().getName()))
                        .get(e.getValueFrom().getSecretKeyRef().getKey());
                if (value != null) {
                    env.put(e.getName(), value);
                }
            }
        }
        return env;
    }

    static Map<String, String> secretValues(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(java.util.Base64.getDecoder().decode(v),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    // --- network policies, budgets, autoscalers, ingresses ----------------------------------------------------

    void networkPolicies() {
        for (NetworkPolicy np : all(NetworkPolicy.class)) {
            LabelSelector selector = np.getSpec().getPodSelector();
            Map<String, String> labels = selector == null ? null : selector.getMatchLabels();
            if (labels == null || labels.isEmpty()) {
                continue; // all pods of the namespace
            }
            if (databasePods(labels)) {
                continue; // the CloudNativePG operator makes these pods; their ports are its own
            }
            List<PodTemplateSpec> pods = podsMatching(labels);
            if (pods.isEmpty()) {
                problems.add(id(np) + ": podSelector " + labels + " matches no pod template");
                continue;
            }
            for (NetworkPolicyIngressRule rule : Optional.ofNullable(np.getSpec().getIngress()).orElse(List.of())) {
                for (NetworkPolicyPort port : Optional.ofNullable(rule.getPorts()).orElse(List.of())) {
                    boolean found = pods.stream().flatMap(p -> p.getSpec().getContainers().stream())
                            .anyMatch(c -> containerPort(c, port.getPort()).isPresent());
                    if (!found) {
                        problems.add(id(np) + ": ingress port " + portText(port.getPort()) + " is not a port of the selected pods");
                    }
                }
                for (var peer : Optional.ofNullable(rule.getFrom()).orElse(List.of())) {
                    if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                            && !databasePods(peer.getPodSelector().getMatchLabels())
                            && !roleLabels(peer.getPodSelector().getMatchLabels())
                            && podsMatching(peer.getPodSelector().getMatchLabels()).isEmpty()) {
                        problems.add(id(np) + ": ingress from podSelector " + peer.getPodSelector().getMatchLabels()
                                + " matches no pod template");
                    }
                }
            }
        }
    }

    void budgetsAndAutoscalers() {
        for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
            if (podsMatching(pdb.getSpec().getSelector().getMatchLabels()).isEmpty()) {
                problems.add(id(pdb) + ": selector matches no pod template");
            }
        }
        for (HorizontalPodAutoscaler hpa : all(HorizontalPodAutoscaler.class)) {
            var ref = hpa.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(ref.getKind()) || find(Deployment.class, ref.getName()) == null) {
                problems.add(id(hpa) + ": scaleTargetRef " + ref.getKind() + "/" + ref.getName() + " does not exist");
            }
            if (hpa.getSpec().getMinReplicas() != null && hpa.getSpec().getMinReplicas() > hpa.getSpec().getMaxReplicas()) {
                problems.add(id(hpa) + ": minReplicas exceeds maxReplicas");
            }
        }
        for (String service : SERVICES) {
            if (find(Deployment.class, service) != null && all(PodDisruptionBudget.class).stream()
                    .noneMatch(p -> podsMatching(p.getSpec().getSelector().getMatchLabels()).stream()
                            .anyMatch(t -> t == find(Deployment.class, service).getSpec().getTemplate()))) {
                problems.add("Deployment/" + service + ": no PodDisruptionBudget covers it");
            }
        }
    }

    void ingresses() {
        for (Ingress in : all(Ingress.class)) {
            for (var rule : Optional.ofNullable(in.getSpec().getRules()).orElse(List.of())) {
                for (var path : rule.getHttp().getPaths()) {
                    IngressBackend b = path.getBackend();
                    Service s = find(Service.class, b.getService().getName());
                    if (s == null) {
                        problems.add(id(in) + ": backend Service " + b.getService().getName() + " does not exist");
                        continue;
                    }
                    var port = b.getService().getPort();
                    boolean found = s.getSpec().getPorts().stream().anyMatch(p -> port.getName() != null
                            ? port.getName().equals(p.getName()) : Objects.equals(port.getNumber(), p.getPort()));
                    if (!found) {
                        problems.add(id(in) + ": backend port " + (port.getName() != null ? port.getName() : port.getNumber())
                                + " is not a port of Service " + s.getMetadata().getName());
                    }
                    publicRoute(id(in), s, port.getName() != null ? port.getName() : null,
                            port.getName() == null ? port.getNumber() : null, path.getPath(), path.getPathType());
                }
            }
            for (var tls : Optional.ofNullable(in.getSpec().getTls()).orElse(List.of())) {
                if (find(Secret.class, tls.getSecretName()) == null && !external.contains("Secret/" + tls.getSecretName())) {
                    problems.add(id(in) + ": TLS Secret " + tls.getSecretName() + " is neither defined nor documented as external");
                }
            }
        }
    }

    // --- routes in: Ingress paths, Gateway API ----------------------------------------------------------------

    /**
     * A route from outside may reach only public API ports: never the management port or the admin
     * listener, and on the AS's main listener only its public paths (not "/": defence in depth,
     * although /admin/* and /q/* answer 404 there).
     */
    void publicRoute(String where, Service s, String portName, Integer portNumber, String path, String pathType) {
        Optional<ServicePort> sp = s.getSpec().getPorts().stream().filter(p -> portName != null ? portName.equals(p.getName())
                : Objects.equals(portNumber, p.getPort())).findFirst();
        if (sp.isEmpty()) {
            return;
        }
        Optional<ContainerPort> target = targetContainerPort(s, sp.get());
        String targetName = target.map(ContainerPort::getName).orElse(sp.get().getName());
        if (MANAGEMENT_PORT.equals(targetName) || ADMIN_PORT.equals(targetName)) {
            problems.add(where + ": routes to " + s.getMetadata().getName() + " port " + targetName
                    + ", which must stay in-cluster");
        }
        if ("authz-service".equals(selectedApp(s)) && "https".equals(targetName)
                && (path == null || !PUBLIC_MAIN_LISTENER_PATHS.contains(path))) {
            problems.add(where + ": routes " + pathType + " " + path + " to the AS's main listener; only its public paths "
                    + PUBLIC_MAIN_LISTENER_PATHS + " may be routed");
        }
    }

    Optional<ContainerPort> targetContainerPort(Service s, ServicePort sp) {
        IntOrString target = sp.getTargetPort() != null ? sp.getTargetPort() : new IntOrString(sp.getPort());
        return podsMatching(s.getSpec().getSelector()).stream().flatMap(t -> t.getSpec().getContainers().stream())
                .map(c -> containerPort(c, target)).flatMap(Optional::stream).findFirst();
    }

    static String selectedApp(Service s) {
        return s.getSpec().getSelector() == null ? null : s.getSpec().getSelector().get("app.kubernetes.io/name");
    }

    /** Gateway API objects, validated against their CRD schemas elsewhere; here: what they point at. */
    void gatewayRoutes() {
        Map<String, JsonNode> gateways = new LinkedHashMap<>();
        for (JsonNode g : trees("Gateway")) {
            String where = "Gateway/" + g.path("metadata").path("name").asText();
            gateways.put(g.path("metadata").path("name").asText(), g);
            String gatewayClass = g.path("spec").path("gatewayClassName").asText();
            if (trees("GatewayClass").stream().noneMatch(c -> gatewayClass.equals(c.path("metadata").path("name").asText()))
                    && !external.contains("GatewayClass/" + gatewayClass)) {
                problems.add(where + ": GatewayClass " + gatewayClass + " is neither defined nor documented as external");
            }
            for (JsonNode l : g.path("spec").path("listeners")) {
                String lw = where + " listener " + l.path("name").asText();
                String protocol = l.path("protocol").asText();
                if ("TLS".equals(protocol) && !"Passthrough".equals(l.path("tls").path("mode").asText())) {
                    problems.add(lw + ": a TLS listener must be Passthrough here, so that the service itself terminates mutual TLS");
                }
                if ("HTTPS".equals(protocol) && !"Terminate".equals(l.path("tls").path("mode").asText("Terminate"))) {
                    problems.add(lw + ": an HTTPS listener terminates TLS");
                }
                for (JsonNode ref : l.path("tls").path("certificateRefs")) {
                    String secret = ref.path("name").asText();
                    if (find(Secret.class, secret) == null && !external.contains("Secret/" + secret)) {
                        problems.add(lw + ": certificate Secret " + secret + " is neither defined nor documented as external");
                    }
                }
            }
        }
        for (String kind : List.of("TLSRoute", "HTTPRoute")) {
            for (JsonNode r : trees(kind)) {
                route(kind, r, gateways);
            }
        }
        Set<String> httpsBackends = new HashSet<>();
        for (JsonNode r : trees("HTTPRoute")) {
            for (JsonNode rule : r.path("spec").path("rules")) {
                for (JsonNode b : rule.path("backendRefs")) {
                    httpsBackends.add(b.path("name").asText() + ":" + b.path("port").asInt());
                }
            }
        }
        Set<String> covered = new HashSet<>();
        for (JsonNode p : trees("BackendTLSPolicy")) {
            String where = "BackendTLSPolicy/" + p.path("metadata").path("name").asText();
            for (JsonNode t : p.path("spec").path("targetRefs")) {
                Service s = find(Service.class, t.path("name").asText());
                if (s == null || !"Service".equals(t.path("kind").asText())) {
                    problems.add(where + ": target " + t.path("kind").asText() + "/" + t.path("name").asText() + " does not exist");
                    continue;
                }
                String section = t.path("sectionName").asText(null);
                s.getSpec().getPorts().stream().filter(sp -> section == null || section.equals(sp.getName()))
                        .forEach(sp -> covered.add(s.getMetadata().getName() + ":" + sp.getPort()));
                String hostname = p.path("spec").path("validation").path("hostname").asText();
                if (!serverCertificateNames(s).contains(hostname)) {
                    problems.add(where + ": hostname " + hostname + " is not a name of " + s.getMetadata().getName()
                            + "'s server certificate " + serverCertificateNames(s));
                }
            }
            for (JsonNode ca : p.path("spec").path("validation").path("caCertificateRefs")) {
                String name = ca.path("name").asText();
                if ("ConfigMap".equals(ca.path("kind").asText()) ? find(ConfigMap.class, name) == null
                        && !external.contains("ConfigMap/" + name) : find(Secret.class, name) == null
                        && !external.contains("Secret/" + name)) {
                    problems.add(where + ": CA " + ca.path("kind").asText() + " " + name
                            + " is neither defined nor documented as external");
                }
            }
        }
        for (String backend : httpsBackends) {
            if (!covered.contains(backend)) {
                problems.add("HTTPRoute backend " + backend + ": no BackendTLSPolicy; the Gateway would speak plain HTTP to a "
                        + "port that accepts HTTPS only");
            }
        }
    }

    private void route(String kind, JsonNode r, Map<String, JsonNode> gateways) {
        String where = kind + "/" + r.path("metadata").path("name").asText();
        List<String> hostnames = new ArrayList<>();
        r.path("spec").path("hostnames").forEach(h -> hostnames.add(h.asText()));
        for (JsonNode parent : r.path("spec").path("parentRefs")) {
            JsonNode g = gateways.get(parent.path("name").asText());
            if (g == null) {
                problems.add(where + ": parent Gateway " + parent.path("name").asText() + " does not exist");
                continue;
            }
            JsonNode listener = null;
            for (JsonNode l : g.path("spec").path("listeners")) {
                if (l.path("name").asText().equals(parent.path("sectionName").asText())) {
                    listener = l;
                }
            }
            if (listener == null) {
                problems.add(where + ": the Gateway has no listener " + parent.path("sectionName").asText()
                        + " (a route names its listener)");
                continue;
            }
            String protocol = listener.path("protocol").asText();
            if ("TLSRoute".equals(kind) && !("TLS".equals(protocol) && "Passthrough".equals(listener.path("tls").path("mode").asText()))) {
                problems.add(where + ": listener " + listener.path("name").asText() + " is not a TLS passthrough listener");
            }
            if ("HTTPRoute".equals(kind) && !"HTTPS".equals(protocol)) {
                problems.add(where + ": listener " + listener.path("name").asText() + " is " + protocol + ", not HTTPS");
            }
            String listenerHost = listener.path("hostname").asText(null);
            for (String h : hostnames) {
                if (listenerHost != null && !listenerHost.equals(h)) {
                    problems.add(where + ": hostname " + h + " is not the listener's " + listenerHost);
                }
            }
        }
        for (JsonNode rule : r.path("spec").path("rules")) {
            for (JsonNode b : rule.path("backendRefs")) {
                Service s = find(Service.class, b.path("name").asText());
                if (s == null) {
                    problems.add(where + ": backend Service " + b.path("name").asText() + " does not exist");
                    continue;
                }
                int port = b.path("port").asInt();
                if (s.getSpec().getPorts().stream().noneMatch(p -> p.getPort() == port)) {
                    problems.add(where + ": backend port " + port + " is not a port of Service " + s.getMetadata().getName());
                    continue;
                }
                if ("TLSRoute".equals(kind)) {
                    publicRoute(where, s, null, port, null, "TLS");
                    // The overlay adds the public names to the certificates with a patch: visible once rendered.
                    for (String h : patchesApplied ? hostnames : List.<String>of()) {
                        if (!serverCertificateNames(s).contains(h)) {
                            problems.add(where + ": with passthrough the client sees " + s.getMetadata().getName()
                                    + "'s own certificate, which does not name " + h + " " + serverCertificateNames(s));
                        }
                    }
                } else {
                    List<JsonNode> matches = new ArrayList<>();
                    rule.path("matches").forEach(matches::add);
                    if (matches.isEmpty()) {
                        publicRoute(where, s, null, port, "/", "PathPrefix");
                    }
                    for (JsonNode m : matches) {
                        publicRoute(where, s, null, port, m.path("path").path("value").asText("/"),
                                m.path("path").path("type").asText("PathPrefix"));
                    }
                }
            }
        }
    }

    /** The DNS names of the server certificate a Service's pods present (the Certificate whose Secret they mount as server-tls). */
    Set<String> serverCertificateNames(Service s) {
        Set<String> names = new java.util.TreeSet<>();
        for (PodTemplateSpec t : podsMatching(s.getSpec().getSelector())) {
            volume(t, "server-tls").filter(v -> v.getSecret() != null).ifPresent(v -> all(Certificate.class).stream()
                    .filter(c -> v.getSecret().getSecretName().equals(c.getSpec().getSecretName()))
                    .forEach(c -> names.addAll(Optional.ofNullable(c.getSpec().getDnsNames()).orElse(List.of()))));
        }
        return names;
    }

    // --- behind a proxy ----------------------------------------------------------------------------------------

    /**
     * A trusted-proxy CIDR only together with the proxy's own certificate identity (the services refuse
     * the first without the second in production); the shipped manifests never use the override, and the
     * identity is the SAN of a client certificate issued here.
     */
    void trustedProxies() {
        for (Deployment d : all(Deployment.class)) {
            if (!SERVICES.contains(d.getMetadata().getName())) {
                continue;
            }
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                Map<String, String> env;
                try {
                    env = environment(c);
                } catch (RuntimeException missing) {
                    continue; // reported by references()
                }
                String proxies = env.get(TRUSTED_PROXIES_ENV);
                String dns = env.get(PROXY_CERTIFICATE_DNS_ENV);
                if ("true".equalsIgnoreCase(env.get(INSECURE_PROXY_OVERRIDE_ENV))) {
                    problems.add(id(d) + ": " + INSECURE_PROXY_OVERRIDE_ENV + " must not be set in these manifests");
                }
                if (proxies == null || proxies.isBlank()) {
                    continue;
                }
                if (dns == null || dns.isBlank()) {
                    problems.add(id(d) + ": " + TRUSTED_PROXIES_ENV + " without " + PROXY_CERTIFICATE_DNS_ENV
                            + ": any pod in that range could forward a victim's certificate");
                    continue;
                }
                boolean issued = all(Certificate.class).stream().anyMatch(cert -> cert.getSpec().getUsages() != null
                        && cert.getSpec().getUsages().contains("client auth") && cert.getSpec().getDnsNames() != null
                        && cert.getSpec().getDnsNames().contains(dns));
                if (!issued) {
                    problems.add(id(d) + ": " + PROXY_CERTIFICATE_DNS_ENV + " " + dns
                            + " is the SAN of no client certificate issued here (the proxy's upstream certificate)");
                }
            }
        }
    }

    static final String TRUSTED_PROXIES_ENV = "SUITE_CERTIFICATE_SOURCE_TRUSTED_PROXIES";
    static final String PROXY_CERTIFICATE_DNS_ENV = "SUITE_CERTIFICATE_SOURCE_PROXY_CERTIFICATE_DNS";
    static final String INSECURE_PROXY_OVERRIDE_ENV = "SUITE_CERTIFICATE_SOURCE_INSECURE_TRUST_PROXIES_WITHOUT_CERTIFICATE";

    // --- scraping ------------------------------------------------------------------------------------------------

    /**
     * Prometheus reaches each service's management port through a NetworkPolicy, and where the overlay
     * has ServiceMonitors, each service is scraped on that port over verified HTTPS.
     */
    void scraping() {
        List<ServiceMonitor> monitors = all(ServiceMonitor.class);
        for (String service : SERVICES) {
            Deployment d = find(Deployment.class, service);
            if (d == null) {
                continue;
            }
            PodTemplateSpec t = d.getSpec().getTemplate();
            Optional<ContainerPort> management = t.getSpec().getContainers().stream()
                    .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                    .filter(p -> MANAGEMENT_PORT.equals(p.getName())).findFirst();
            if (management.isEmpty()) {
                problems.add(id(d) + ": no container port named " + MANAGEMENT_PORT);
                continue;
            }
            boolean admitted = all(NetworkPolicy.class).stream().filter(np -> selects(np, t))
                    .flatMap(np -> Optional.ofNullable(np.getSpec().getIngress()).orElse(List.of()).stream())
                    .anyMatch(rule -> rule.getFrom() != null && rule.getFrom().stream().anyMatch(f -> f.getNamespaceSelector() != null)
                            && Optional.ofNullable(rule.getPorts()).orElse(List.of()).stream().anyMatch(p -> p.getPort() != null
                                    && (MANAGEMENT_PORT.equals(p.getPort().getStrVal())
                                            || management.get().getContainerPort().equals(p.getPort().getIntVal()))));
            if (!admitted) {
                problems.add(id(d) + ": no NetworkPolicy admits the scraper (another namespace) to the management port");
            }
            if (!monitors.isEmpty() && monitors.stream().noneMatch(m -> monitors(m, service))) {
                problems.add(id(d) + ": no ServiceMonitor scrapes its management port");
            }
        }
        for (ServiceMonitor m : monitors) {
            String where = id(m);
            List<Service> selected = all(Service.class).stream().filter(s -> s.getMetadata().getLabels() != null
                    && m.getSpec().getSelector() != null && m.getSpec().getSelector().getMatchLabels() != null
                    && s.getMetadata().getLabels().entrySet().containsAll(m.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add(where + ": selector matches no Service");
                continue;
            }
            for (var e : m.getSpec().getEndpoints()) {
                List<Service> withPort = selected.stream().filter(s -> s.getSpec().getPorts().stream()
                        .anyMatch(p -> p.getName() != null && p.getName().equals(e.getPort()))).toList();
                if (withPort.isEmpty()) {
                    problems.add(where + ": endpoint port " + e.getPort() + " is a port of no selected Service");
                    continue;
                }
                if (!"/q/metrics".equals(e.getPath())) {
                    problems.add(where + ": endpoint path " + e.getPath() + " is not /q/metrics");
                }
                if (!"https".equals(e.getScheme())) {
                    problems.add(where + ": the management interface accepts HTTPS only (scheme " + e.getScheme() + ")");
                }
                var tls = e.getTlsConfig();
                if (tls == null || Boolean.TRUE.equals(tls.getInsecureSkipVerify()) || tls.getCa() == null
                        || tls.getCa().getSecret() == null) {
                    problems.add(where + ": tlsConfig must verify the service's certificate (ca from a Secret, no insecureSkipVerify)");
                    continue;
                }
                for (Service s : withPort) {
                    if (!serverCertificateNames(s).contains(tls.getServerName())) {
                        problems.add(where + ": serverName " + tls.getServerName() + " is not a name of "
                                + s.getMetadata().getName() + "'s certificate " + serverCertificateNames(s));
                    }
                }
            }
        }
    }

    boolean monitors(ServiceMonitor m, String service) {
        Map<String, String> sel = m.getSpec().getSelector() == null ? null : m.getSpec().getSelector().getMatchLabels();
        return sel != null && all(Service.class).stream().anyMatch(s -> service.equals(selectedApp(s)) && s.getMetadata().getLabels() != null
                && s.getMetadata().getLabels().entrySet().containsAll(sel.entrySet())
                && m.getSpec().getEndpoints().stream().anyMatch(e -> s.getSpec().getPorts().stream().anyMatch(p -> e.getPort() != null
                        && e.getPort().equals(p.getName()) && targetContainerPort(s, p).map(cp -> MANAGEMENT_PORT.equals(cp.getName()))
                                .orElse(false))));
    }

    static boolean selects(NetworkPolicy np, PodTemplateSpec t) {
        Map<String, String> sel = np.getSpec().getPodSelector() == null ? null : np.getSpec().getPodSelector().getMatchLabels();
        if (sel == null || sel.isEmpty()) {
            return np.getSpec().getPodSelector() != null && (np.getSpec().getPodSelector().getMatchExpressions() == null
                    || np.getSpec().getPodSelector().getMatchExpressions().isEmpty());
        }
        return t.getMetadata().getLabels() != null && t.getMetadata().getLabels().entrySet().containsAll(sel.entrySet());
    }

    // --- the database ----------------------------------------------------------------------------------------------

    /**
     * CloudNativePG: the AS and the introspection service use the primary (-rw) over verified TLS; each
     * service logs in with its own role and Secret; the Cluster's Secrets exist or are documented.
     */
    void database() {
        List<JsonNode> clusters = trees("Cluster");
        Map<String, String> secretByService = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Deployment d = find(Deployment.class, service);
            if (d == null) {
                continue;
            }
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                        .filter(e -> "QUARKUS_DATASOURCE_USERNAME".equals(e.getName()) && e.getValueFrom() != null
                                && e.getValueFrom().getSecretKeyRef() != null)
                        .findFirst().ifPresent(e -> secretByService.put(service, e.getValueFrom().getSecretKeyRef().getName()));
                if (clusters.isEmpty()) {
                    continue;
                }
                String url;
                try {
                    url = environment(c).get("QUARKUS_DATASOURCE_JDBC_URL");
                } catch (RuntimeException missing) {
                    continue;
                }
                if (url == null) {
                    problems.add(id(d) + ": QUARKUS_DATASOURCE_JDBC_URL is not set");
                    continue;
                }
                String host = url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("[:/].*$", "");
                boolean primary = clusters.stream().anyMatch(k -> host.startsWith(k.path("metadata").path("name").asText() + "-rw"));
                boolean replica = clusters.stream().anyMatch(k -> host.startsWith(k.path("metadata").path("name").asText() + "-ro"));
                if (!primary && !(replica && "sample-resource".equals(service))) {
                    problems.add(id(d) + ": the database host " + host + " is not the Cluster's primary service (<cluster>-rw)"
                            + ("sample-resource".equals(service) ? " or its replicas (-ro)" : "; replicas lag, and revocation must be seen at once"));
                }
                if (!url.contains("sslmode=verify-full")) {
                    problems.add(id(d) + ": the database connection must verify the server (sslmode=verify-full)");
                }
            }
        }
        if (new HashSet<>(secretByService.values()).size() < secretByService.size()) {
            problems.add("the services share a database Secret " + secretByService + ": one role and Secret per service");
        }
        for (JsonNode k : clusters) {
            String where = "Cluster/" + k.path("metadata").path("name").asText();
            List<String> secrets = new ArrayList<>();
            k.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText(null);
            Optional.ofNullable(k.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText(null))
                    .ifPresent(secrets::add);
            for (JsonNode role : k.path("spec").path("managed").path("roles")) {
                Optional.ofNullable(role.path("passwordSecret").path("name").asText(null)).ifPresent(secrets::add);
            }
            for (String secret : secrets) {
                if (find(Secret.class, secret) == null && !external.contains("Secret/" + secret)) {
                    problems.add(where + ": Secret " + secret + " is neither defined nor documented as external");
                }
            }
            for (Map.Entry<String, String> e : secretByService.entrySet()) {
                if (!secrets.contains(e.getValue())) {
                    problems.add(where + ": " + e.getKey() + "'s database Secret " + e.getValue()
                            + " is neither the owner's nor a managed role's");
                }
            }
        }
    }

    /** Secrets an operator makes: CloudNativePG's per Cluster. */
    Set<String> operatorSecrets() {
        Set<String> out = new HashSet<>();
        for (JsonNode k : trees("Cluster")) {
            String name = k.path("metadata").path("name").asText();
            for (String suffix : List.of("-ca", "-server", "-replication", "-app", "-superuser")) {
                out.add(name + suffix);
            }
        }
        return out;
    }

    /** Pods of a CloudNativePG Cluster defined here. */
    boolean databasePods(Map<String, String> selector) {
        return selector != null && selector.containsKey("cnpg.io/cluster") && trees("Cluster").stream()
                .anyMatch(k -> selector.get("cnpg.io/cluster").equals(k.path("metadata").path("name").asText()));
    }

    /** Selectors made only of the suite's role labels (mtls-suite/...), which pods outside these manifests carry. */
    static boolean roleLabels(Map<String, String> selector) {
        return selector != null && !selector.isEmpty() && selector.keySet().stream().allMatch(k -> k.startsWith("mtls-suite/"));
    }

    /** The objects of a kind as JSON trees (custom resources are generic: see {@link ManifestSchemas}). */
    List<JsonNode> trees(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).map(ManifestSchemas::tree).toList();
    }

    // --- helpers --------------------------------------------------------------------------------------------

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    List<HasMetadata> workloadsWithPods() {
        List<HasMetadata> out = new ArrayList<>();
        out.addAll(all(Deployment.class));
        out.addAll(all(StatefulSet.class));
        out.addAll(all(Job.class));
        return out;
    }

    static PodTemplateSpec podTemplate(HasMetadata w) {
        if (w instanceof Deployment d) {
            return d.getSpec().getTemplate();
        }
        if (w instanceof StatefulSet s) {
            return s.getSpec().getTemplate();
        }
        return ((Job) w).getSpec().getTemplate();
    }

    static List<Container> allContainers(PodTemplateSpec t) {
        List<Container> out = new ArrayList<>(t.getSpec().getContainers());
        if (t.getSpec().getInitContainers() != null) {
            out.addAll(t.getSpec().getInitContainers());
        }
        return out;
    }

    List<PodTemplateSpec> podsMatching(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return workloadsWithPods().stream().map(ManifestChecks::podTemplate)
                .filter(t -> t.getMetadata().getLabels() != null
                        && t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .toList();
    }

    static Optional<ContainerPort> containerPort(Container c, IntOrString port) {
        if (port == null || c.getPorts() == null) {
            return Optional.empty();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                : Objects.equals(port.getIntVal(), p.getContainerPort())).findFirst();
    }

    static Optional<Volume> volume(PodTemplateSpec t, String name) {
        return Optional.ofNullable(t.getSpec().getVolumes()).orElse(List.of()).stream().filter(v -> v.getName().equals(name))
                .findFirst();
    }

    static String portText(IntOrString p) {
        return p == null ? "(none)" : p.getStrVal() != null ? p.getStrVal() : String.valueOf(p.getIntVal());
    }

    static String id(HasMetadata o) {
        return o.getKind() + "/" + (o.getMetadata() == null ? "?" : o.getMetadata().getName());
    }
}
