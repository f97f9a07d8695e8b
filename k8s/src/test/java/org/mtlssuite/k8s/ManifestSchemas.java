package org.mtlssuite.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Custom resources validated offline against the {@code openAPIV3Schema} of their vendored
 * CustomResourceDefinitions ({@code src/test/resources/crds}: Gateway API v1.6.1 standard channel,
 * CloudNativePG's Cluster), for kinds the fabric8 model does not know at the served version.
 *
 * <p>Stricter than the API server in one way, on purpose: an object schema with {@code properties}
 * rejects any other field ({@code additionalProperties: false}) unless it says
 * {@code x-kubernetes-preserve-unknown-fields}; the API server would silently prune such a field,
 * so a typo would be lost without a word. Not checked: CEL rules ({@code x-kubernetes-validations});
 * {@link ManifestChecks} checks the few that matter here (TLS listener modes, route targets).
 */
final class ManifestSchemas {

    static final List<String> CRD_FILES = List.of(
            "crds/gateway-api/gateway.networking.k8s.io_gatewayclasses.yaml",
            "crds/gateway-api/gateway.networking.k8s.io_gateways.yaml",
            "crds/gateway-api/gateway.networking.k8s.io_httproutes.yaml",
            "crds/gateway-api/gateway.networking.k8s.io_tlsroutes.yaml",
            "crds/cloudnative-pg/postgresql.cnpg.io_clusters.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "apiVersion kind" of every served version of the vendored CRDs. */
    private static final Map<String, JsonSchema> SERVED = new LinkedHashMap<>();
    /** group/kind pairs with a vendored CRD (any version), to refuse versions it does not serve. */
    private static final Map<String, List<String>> SERVED_VERSIONS = new LinkedHashMap<>();

    static {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
        for (String file : CRD_FILES) {
            JsonNode crd = read(file);
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            List<String> served = new ArrayList<>();
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (!version.path("served").asBoolean()) {
                    continue;
                }
                String apiVersion = group + "/" + version.path("name").asText();
                served.add(apiVersion);
                JsonNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy(), false);
                SERVED.put(apiVersion + " " + kind, factory.getSchema(schema, config));
            }
            SERVED_VERSIONS.put(group + " " + kind, served);
        }
    }

    private ManifestSchemas() {
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return Manifests.YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds {@code additionalProperties: false} to every object schema that lists its properties,
     * except inside allOf/anyOf/oneOf/not (a branch lists only some of them) and where unknown
     * fields are preserved on purpose.
     */
    static JsonNode strict(JsonNode schema, boolean inComposition) {
        if (schema instanceof ObjectNode o) {
            if (!inComposition && o.has("properties") && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                o.put("additionalProperties", false);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                boolean composition = Set.of("allOf", "anyOf", "oneOf", "not").contains(e.getKey());
                if ("properties".equals(e.getKey()) && e.getValue() instanceof ObjectNode props) {
                    props.fields().forEachRemaining(p -> strict(p.getValue(), false));
                } else if (e.getValue() instanceof ArrayNode a) {
                    a.forEach(item -> strict(item, composition));
                } else if (e.getValue() instanceof ObjectNode) {
                    strict(e.getValue(), composition);
                }
            }
        }
        return schema;
    }

    /** Whether a vendored CRD covers this kind (at any version; a version it does not serve is a problem). */
    static boolean covers(String apiVersion, String kind) {
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        return SERVED_VERSIONS.containsKey(group + " " + kind);
    }

    /** What is wrong with the object (empty when it is valid), each line starting with {@code where}. */
    static List<String> validate(JsonNode object, String where) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        JsonSchema schema = SERVED.get(apiVersion + " " + kind);
        if (schema == null) {
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            return List.of(where + ": " + kind + " is not served at " + apiVersion + " by the vendored CRD (served: "
                    + SERVED_VERSIONS.getOrDefault(group + " " + kind, List.of()) + ")");
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage m : schema.validate(object)) {
            problems.add(where + ": " + m.getMessage());
        }
        return problems;
    }

    static List<String> validate(HasMetadata object, String where) {
        return validate(tree(object), where);
    }

    static JsonNode tree(HasMetadata object) {
        return JSON.valueToTree(object);
    }
}
