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

/**
 * The rules the manifests must keep, each returning what breaks it (empty when all hold): typed
 * model with no unknown field, workload hardening, real health probe paths, Service selectors and
 * target ports, references to ConfigMaps, Secrets and Issuers, environment variables that name real
 * configuration properties, NetworkPolicy, PDB, HPA and Ingress targets.
 */
final class ManifestChecks {

    /** The three services: Deployment name = container name = module folder. */
    static final List<String> SERVICES = List.of("authz-service", "introspection-service", "sample-resource");
    /** SmallRye Health's endpoints under the default root path. */
    static final List<String> HEALTH_PATHS = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");

    private final List<HasMetadata> objects;
    private final Set<String> external;
    private final List<String> problems = new ArrayList<>();

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
        networkPolicies();
        budgetsAndAutoscalers();
        ingresses();
        return problems;
    }

    List<String> problems() {
        return problems;
    }

    // --- the model --------------------------------------------------------------------------------------

    void unknownFieldsAndKinds() {
        for (HasMetadata o : objects) {
            String where = id(o);
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
        if (containerPort(c, get.getPort()).isEmpty()) {
            problems.add(where + ": " + kind + " port " + portText(get.getPort()) + " is not a port of the container");
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
        Set<String> certificateSecrets = new HashSet<>();
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

    /** The resolved environment of a container (values from ConfigMaps and Secrets defined here). */
    Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Optional.ofNullable(c.getEnvFrom()).orElse(List.of())) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = find(ConfigMap.class, from.getConfigMapRef().getName());
                env.putAll(Objects.requireNonNull(cm, "ConfigMap " + from.getConfigMapRef().getName()).getData());
            }
            if (from.getSecretRef() != null) {
                env.putAll(secretValues(find(Secret.class, from.getSecretRef().getName())));
            }
        }
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                env.put(e.getName(), find(ConfigMap.class, e.getValueFrom().getConfigMapKeyRef().getName()).getData()
                        .get(e.getValueFrom().getConfigMapKeyRef().getKey()));
            } else if (e.getValueFrom().getSecretKeyRef() != null) {
                env.put(e.getName(), secretValues(find(Secret.class, e.getValueFrom().getSecretKeyRef().getName()))
                        .get(e.getValueFrom().getSecretKeyRef().getKey()));
            }
        }
        return env;
    }

    static Map<String, String> secretValues(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
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
                }
            }
            for (var tls : Optional.ofNullable(in.getSpec().getTls()).orElse(List.of())) {
                if (find(Secret.class, tls.getSecretName()) == null && !external.contains("Secret/" + tls.getSecretName())) {
                    problems.add(id(in) + ": TLS Secret " + tls.getSecretName() + " is neither defined nor documented as external");
                }
            }
        }
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
