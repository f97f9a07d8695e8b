package org.mtlssuite.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;

/**
 * docs/configuration.md names every property of the suite's own: each member of every
 * {@code @ConfigMapping} interface in the services and shared-model (found in their sources, so a new
 * mapping cannot be forgotten), each {@code @ConfigProperty} of ours, and each of our keys in the
 * services' {@code application.properties}.
 */
class ConfigurationDocumentationTest {

    static final Path ROOT = Manifests.K8S.getParent();
    static final List<String> MODULES = List.of("shared-model", "authz-service", "introspection-service", "sample-resource");
    static final Pattern OURS = Pattern.compile("^(authz|introspection|suite)\\..*");
    static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");
    static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");

    @Test
    void documentsEveryPropertyOfTheSuite() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
        Set<String> missing = new TreeSet<>();
        List<String> rows = doc.lines().toList();
        for (String property : suiteProperties()) {
            if (!documented(property, doc, rows)) {
                missing.add(property);
            }
        }
        assertTrue(missing.isEmpty(), "docs/configuration.md does not name these properties: " + missing);
    }

    /**
     * Named in full, or as a sibling in a row that abbreviates ({@code `suite.x.a` / `b`}: a row naming
     * a property under the same prefix and the last segment in backquotes).
     */
    static boolean documented(String property, String doc, List<String> rows) {
        if (doc.contains("`" + property + "`") || doc.contains("`" + property + ".")) {
            return true;
        }
        int dot = property.lastIndexOf('.');
        String prefix = "`" + property.substring(0, dot + 1);
        String last = "`" + property.substring(dot + 1) + "`";
        return rows.stream().anyMatch(r -> r.startsWith("|") && r.contains(prefix) && r.contains(last));
    }

    static Set<String> suiteProperties() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String module : MODULES) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = Files.readString(file);
                    Matcher m = MAPPING.matcher(code);
                    if (m.find()) {
                        String className = sources.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
                        Class<?> mapping = loadable(className);
                        if (mapping != null) {
                            ServiceConfigurationProperties.mappingProperties(
                                    mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, names);
                        } else {
                            // not on this module's class path (sample-resource): the prefix at least
                            names.add(m.group(1));
                        }
                    }
                    Matcher p = PROPERTY.matcher(code);
                    while (p.find()) {
                        if (OURS.matcher(p.group(1)).matches()) {
                            names.add(p.group(1));
                        }
                    }
                }
            }
            names.addAll(applicationProperties(module));
        }
        return names;
    }

    static Set<String> applicationProperties(String module) throws IOException {
        Set<String> names = new TreeSet<>();
        Path file = ROOT.resolve(module).resolve("src/main/resources/application.properties");
        if (!Files.exists(file)) {
            return names;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            String name = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (OURS.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }

    private static Class<?> loadable(String name) {
        try {
            return Class.forName(name, false, ConfigurationDocumentationTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
