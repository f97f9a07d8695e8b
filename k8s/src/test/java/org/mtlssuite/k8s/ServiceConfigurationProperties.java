package org.mtlssuite.k8s;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.mtlssuite.authz.config.AuthzConfig;
import org.mtlssuite.binding.BindingConfig;
import org.mtlssuite.certsource.CertificateSourceConfig;
import org.mtlssuite.clientauth.ClientAuthConfig;
import org.mtlssuite.crypto.TlsEngineConfig;
import org.mtlssuite.introspection.IntrospectionConfig;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The configuration properties each service reads, as the environment variable names SmallRye
 * Config maps onto them (upper case, every non-alphanumeric character as {@code _}): the keys of its
 * {@code application.properties} and the members of the {@code @ConfigMapping} interfaces on its class path.
 */
final class ServiceConfigurationProperties {

    /** shared-model's mappings are in every service (it is a bean archive of each). */
    static final List<Class<?>> SHARED = List.of(ClientAuthConfig.class, CertificateSourceConfig.class, BindingConfig.class,
            TlsEngineConfig.class, org.mtlssuite.audit.AuditConfig.class, org.mtlssuite.database.DatabaseConfig.class);
    static final Map<String, List<Class<?>>> OWN = Map.of("authz-service", List.of(AuthzConfig.class),
            "introspection-service", List.of(IntrospectionConfig.class), "sample-resource", List.of());

    private ServiceConfigurationProperties() {
    }

    static Map<String, Set<String>> environmentNamesByService() throws IOException {
        Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        for (String service : ManifestChecks.SERVICES) {
            out.put(service, environmentNames(service));
        }
        return out;
    }

    static Set<String> environmentNames(String service) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String p : propertyNames(service)) {
            names.add(environmentName(p));
        }
        return names;
    }

    static Set<String> propertyNames(String service) throws IOException {
        Set<String> names = new TreeSet<>();
        Path file = Manifests.K8S.getParent().resolve(service).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            // %dev.x / %test.x configure property x
            names.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        List<Class<?>> mappings = new java.util.ArrayList<>(SHARED);
        mappings.addAll(OWN.get(service));
        for (Class<?> m : mappings) {
            mappingProperties(m.getAnnotation(ConfigMapping.class).prefix(), m, names);
        }
        return names;
    }

    /** The properties of a mapping interface: one per member, groups (nested interfaces) recursively. */
    static void mappingProperties(String prefix, Class<?> type, Set<String> out) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() > 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            WithName renamed = m.getAnnotation(WithName.class);
            String name = prefix + "." + (renamed != null ? renamed.value() : kebab(m.getName()));
            Class<?> r = m.getReturnType();
            if (r.isInterface() && r.getName().startsWith("org.mtlssuite.") && !r.isAnnotation()) {
                mappingProperties(name, r, out);
            } else {
                out.add(name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
