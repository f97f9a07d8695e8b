package org.mtlssuite.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads the kustomize tree under {@code k8s/}: every YAML document as typed Kubernetes and
 * cert-manager objects; an overlay either rendered by {@code kubectl kustomize} (when kubectl is
 * on PATH) or assembled from its {@code resources} (files and folders, recursively; patches and
 * image rewrites are not applied, which the manifests keep free of anything the checks read).
 */
final class Manifests {

    static final Path K8S = Path.of("").toAbsolutePath().getFileName().toString().equals("k8s") ? Path.of("").toAbsolutePath()
            : Path.of("k8s").toAbsolutePath();
    static final String NAMESPACE = "mtls-suite";
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final YAMLMapper YAML = new YAMLMapper();

    /** One YAML document of a file: where it came from and its raw tree. */
    record Document(Path file, int index, JsonNode tree) {
        String where() {
            return K8S.relativize(file) + "#" + index;
        }
    }

    private Manifests() {
    }

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(K8S)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/target/")
                    && !p.toString().contains("/src/")).sorted().toList();
        }
    }

    static List<Document> documents(Path file) throws IOException {
        List<Document> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int i = 0;
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    out.add(new Document(file, i, node));
                }
                i++;
            }
        }
        return out;
    }

    static List<Document> documents(String yaml, Path origin) throws IOException {
        List<Document> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int i = 0;
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    out.add(new Document(origin, i, node));
                }
                i++;
            }
        }
        return out;
    }

    static boolean isKustomization(Document d) {
        return "Kustomization".equals(d.tree().path("kind").asText());
    }

    /**
     * The typed object of a document (a GenericKubernetesResource when its kind is not in the model,
     * and always for kinds with a vendored CRD schema, which is what validates them: see {@link ManifestSchemas}).
     */
    static HasMetadata typed(Document d) {
        if (ManifestSchemas.covers(d.tree().path("apiVersion").asText(), d.tree().path("kind").asText())) {
            return SERIALIZATION.unmarshal(d.tree().toString(), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        }
        return SERIALIZATION.unmarshal(d.tree().toString(), HasMetadata.class);
    }

    /** An overlay's (or the base's) objects from its resources, recursively, in the overlay's namespace. */
    static List<HasMetadata> assemble(Path dir) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        Path kustomization = dir.resolve("kustomization.yaml");
        JsonNode k = documents(kustomization).get(0).tree();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(assemble(p));
            } else {
                for (Document d : documents(p)) {
                    out.add(typed(d));
                }
            }
        }
        for (HasMetadata o : out) {
            if (!"Namespace".equals(o.getKind())) {
                o.getMetadata().setNamespace(NAMESPACE);
            }
        }
        return out;
    }

    static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kubectl kustomize <dir>}, as YAML text; fails with kubectl's message. */
    static String render(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + K8S.relativize(dir) + " failed: "
                    + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static List<HasMetadata> rendered(Path dir) throws IOException, InterruptedException {
        List<HasMetadata> out = new ArrayList<>();
        for (Document d : documents(render(dir), dir)) {
            out.add(typed(d));
        }
        return out;
    }

    /** The objects of an overlay: rendered by kubectl when available, else assembled. */
    static List<HasMetadata> overlay(String name) throws IOException, InterruptedException {
        Path dir = K8S.resolve("overlays").resolve(name);
        return kubectlAvailable() ? rendered(dir) : assemble(dir);
    }

    static List<Path> overlays() throws IOException {
        try (Stream<Path> list = Files.list(K8S.resolve("overlays"))) {
            return list.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList();
        }
    }
}
