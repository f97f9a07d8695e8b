package org.mtlssuite.devsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The JVM that runs a service and its options. {@code suite.jvm=auto} (what {@code ./suite up} and
 * {@code ./bench} use unless {@code SUITE_JVM=current}): Java 25 or newer where one is installed
 * ({@code SUITE_JAVA_HOME}, the launcher's own JVM, or a JDK in the system's JVM folder), lean memory
 * settings, and the JVM's AOT cache (JEP 483/514/515) kept per service module under {@code .suite/aot/}:
 * the first run of a build records what the service loads, links and profiles (written when it stops),
 * the next start assembles the cache from that once, and later starts begin from it. The services are
 * packaged as {@code aot-jar} (every jar on the plain class path), so the cache holds the application's
 * and the libraries' classes too. Without a Java 25 the services run on the launcher's JVM with the lean
 * settings and no cache. {@code suite.jvm=current} (the default of the Java API, so of every test): the
 * launcher's own JVM with the first wave's settings ({@code -XX:+UseSerialGC -Xmx512m}).
 */
public final class ServiceJvm {

    /** The tests' settings (unchanged from the first wave: a generous heap for the hostile-input runs). */
    static final List<String> TEST_MEMORY = List.of("-XX:+UseSerialGC", "-Xmx512m");

    /**
     * Heap and collector of {@code ./suite up} and {@code ./bench}, chosen from ./bench measurements
     * (docs/performance.md): the serial collector (two cores, small heaps), a young generation of 24 MiB
     * (request garbage dies young; a larger one only raises the memory touched under load), the old
     * generation growing as needed up to 192 MiB and giving back what a full collection frees beyond 30%,
     * and one Netty buffer arena of each kind instead of one per event loop (the event loops share it;
     * the sample RS held 15 MiB less after load, the same CPU per request). The metaspace cap is a
     * ceiling, not memory used: it also sizes the compressed class space (80% of it), which is the buffer the JVM writes the AOT cache into;
     * at 160 MiB the authorization server's cache, with the method profiles of a training run under load,
     * no longer fit ("Unable to allocate from 'ro' region") and the service silently ran without one.
     */
    static final List<String> MEMORY = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx192m", "-Xmn24m", "-Xss512k",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m",
            "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1");

    /**
     * Added on Java 25 and newer: 8-byte object headers (JEP 519, a smaller heap for the same objects) and
     * glibc's free memory handed back to the system every 10 s (RSS falls back after a burst of load).
     */
    static final List<String> MEMORY_25 = List.of("-XX:+UseCompactObjectHeaders", "-XX:TrimNativeHeapInterval=10000");

    private final Path javaHome;
    private final int feature;
    private final boolean aot;
    private final boolean lean;
    private final Path cacheDir;
    /**
     * What each module's first start in this suite did with the AOT cache. A second instance of a module
     * whose first one records runs without a cache.
     */
    private final Map<String, CacheUse> cacheUse = new ConcurrentHashMap<>();

    /** What a service's JVM does with its AOT cache. */
    public enum CacheUse {
        /** starts from the cache */
        USED,
        /** records what it loads and profiles, written when it stops */
        RECORDING,
        /** neither (no Java 25, an own -Xshare option, or a second instance while the first records) */
        NONE
    }

    // Package-private for ServiceJvmAotCacheTest.
    ServiceJvm(Path javaHome, int feature, boolean aot, Path cacheDir) {
        this(javaHome, feature, aot, true, cacheDir);
    }

    private ServiceJvm(Path javaHome, int feature, boolean aot, boolean lean, Path cacheDir) {
        this.lean = lean;
        this.javaHome = javaHome;
        this.feature = feature;
        this.aot = aot;
        this.cacheDir = cacheDir;
    }

    /** From {@code suite.jvm} ({@code auto} or {@code current}, default current). */
    public static ServiceJvm select(Path cacheDir) {
        String mode = System.getProperty("suite.jvm", Optional.ofNullable(System.getenv("SUITE_JVM")).orElse("current"));
        Path current = Path.of(System.getProperty("java.home"));
        int currentFeature = Runtime.version().feature();
        if (!"auto".equals(mode.toLowerCase(Locale.ROOT))) {
            return new ServiceJvm(current, currentFeature, false, false, null);
        }
        Optional<Path> explicit = Optional.ofNullable(System.getenv("SUITE_JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of);
        if (explicit.isPresent()) {
            int f = featureOf(explicit.get());
            return new ServiceJvm(explicit.get(), f, f >= 25, cacheDir);
        }
        if (currentFeature >= 25) {
            return new ServiceJvm(current, currentFeature, true, cacheDir);
        }
        // Debian's layout: every JDK is a folder of the system's JVM folder, with a release file.
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                Optional<Path> newest = s.filter(p -> Files.isExecutable(p.resolve("bin/java")) && featureOf(p) >= 25)
                        .max((a, b) -> Integer.compare(featureOf(a), featureOf(b)));
                if (newest.isPresent()) {
                    return new ServiceJvm(newest.get(), featureOf(newest.get()), true, cacheDir);
                }
            } catch (IOException e) {
                // fall through to the launcher's own JVM
            }
        }
        return new ServiceJvm(current, currentFeature, false, null);
    }

    /** The Java feature version of a JDK folder (its release file), 0 when unknown. */
    static int featureOf(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.exists(release)) {
            return 0;
        }
        try (var r = Files.newBufferedReader(release)) {
            Properties p = new Properties();
            p.load(r);
            String v = p.getProperty("JAVA_VERSION", "").replace("\"", "");
            String first = v.split("[.+-]")[0];
            return first.isEmpty() ? 0 : Integer.parseInt(first);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The command's head: the java binary, memory settings, and the AOT cache option for this service. */
    public List<String> command(String module, Path runnerJar) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(memory());
        command.addAll(extraOptions());
        // An -Xshare option of one's own (e.g. -Xshare:off for native memory tracking) replaces the AOT cache.
        if (aot && extraOptions().stream().noneMatch(o -> o.startsWith("-Xshare"))) {
            Files.createDirectories(cacheDir);
            Path cache = cacheDir.resolve(module + ".aot");
            Path recorded = cacheDir.resolve(module + ".aotconf");
            Path stamp = cacheDir.resolve(module + ".aotoptions");
            Path app = runnerJar.getParent();
            // A cache of other memory options or another JVM would be ignored by the JVM (one line in the log)
            // and the service would run with neither a cache nor a recording: such a cache is recorded again.
            boolean sameJvm = Files.isRegularFile(stamp) && Files.readString(stamp).equals(optionsStamp());
            if (sameJvm && usable(cache, app)) {
                command.add("-XX:AOTCache=" + cache);
                cacheUse.putIfAbsent(module, CacheUse.USED);
            } else if (sameJvm && usable(recorded, app) && create(recorded, cache, runnerJar)) {
                command.add("-XX:AOTCache=" + cache);
                cacheUse.putIfAbsent(module, CacheUse.USED);
            } else if (cacheUse.putIfAbsent(module, CacheUse.RECORDING) == null) {
                // Training run: what this process loads, links and profiles is written to the configuration
                // file when it stops; the next start assembles the cache from it (JEP 483, 515).
                Files.deleteIfExists(cache);
                Files.deleteIfExists(recorded);
                Files.writeString(stamp, optionsStamp());
                command.add("-XX:AOTMode=record");
                command.add("-XX:AOTConfiguration=" + recorded);
            } else {
                cacheUse.putIfAbsent(module, CacheUse.NONE);
            }
            // A cache that does not match (another build) is ignored with one line, never fatal.
            command.add("-Xlog:aot=error,cds=error");
        }
        return command;
    }

    /** What the AOT cache depends on: the JVM and the memory options (object layout, class space). */
    private String optionsStamp() {
        return javaHome + " " + feature + " " + String.join(" ", memory());
    }

    /** What the first start of this module in this suite did with its AOT cache. */
    public CacheUse cacheUse(String module) {
        return cacheUse.getOrDefault(module, CacheUse.NONE);
    }

    /**
     * Whether a module that recorded wrote what it recorded (after it stopped): false when the JVM could not
     * write it, e.g. a cache larger than its buffer; the service's log names the reason.
     */
    public boolean recorded(String module) throws IOException {
        Path recorded = cacheDir.resolve(module + ".aotconf");
        return Files.isRegularFile(recorded) && Files.size(recorded) > 0;
    }

    private List<String> recording() {
        return cacheUse.entrySet().stream().filter(e -> e.getValue() == CacheUse.RECORDING).map(Map.Entry::getKey).toList();
    }

    /** The modules that recorded in this suite but whose recording is not on disk (call after they stopped). */
    public List<String> recordingsNotWritten() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String module : recording()) {
            if (!recorded(module)) {
                missing.add(module);
            }
        }
        return missing;
    }

    /** {@code SUITE_JVM_OPTIONS}: further JVM options for every service (measurements, diagnostics). */
    static List<String> extraOptions() {
        String extra = System.getenv("SUITE_JVM_OPTIONS");
        return extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }

    private List<String> memory() {
        if (!lean) {
            return TEST_MEMORY;
        }
        if (feature < 25) {
            return MEMORY;
        }
        List<String> all = new ArrayList<>(MEMORY);
        all.addAll(MEMORY_25);
        return all;
    }

    /** Whether a service of this suite records its AOT cache (and so needs time to write it when it stops). */
    public boolean records() {
        return !recording().isEmpty();
    }

    /**
     * The environment the JVM needs: glibc's malloc keeps one arena per core and thread group by default,
     * tens of MiB of resident memory a service does not need (two arenas measured the same throughput).
     */
    public Map<String, String> environment() {
        return lean ? Map.of("MALLOC_ARENA_MAX", "2") : Map.of();
    }

    public String describe() {
        return "Java " + feature + (aot ? " with AOT cache" : "") + (lean ? ", lean memory settings" : "");
    }

    private static boolean usable(Path file, Path quarkusApp) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0 && !olderThanBuild(file, quarkusApp);
    }

    /** Assembles the cache from a training run's configuration (a JVM that runs no application code). */
    private boolean create(Path recorded, Path cache, Path runnerJar) throws IOException {
        List<String> create = new ArrayList<>();
        create.add(javaHome.resolve("bin").resolve("java").toString());
        // The cache only matches a JVM with the same object layout: the same memory options as the service.
        create.addAll(memory());
        create.add("-XX:AOTMode=create");
        create.add("-XX:AOTConfiguration=" + recorded);
        create.add("-XX:AOTCache=" + cache);
        create.add("-Xlog:aot=error,cds=error");
        create.add("-jar");
        create.add(runnerJar.toString());
        Process p = new ProcessBuilder(create).redirectErrorStream(true)
                .redirectOutput(cacheDir.resolve(recorded.getFileName() + ".log").toFile()).start();
        try {
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            return done && p.exitValue() == 0 && Files.isRegularFile(cache);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The build (its app and generated-bytecode jars) is newer than the cache: the cache would not match. */
    static boolean olderThanBuild(Path cache, Path quarkusApp) throws IOException {
        FileTime cached = Files.getLastModifiedTime(cache);
        try (Stream<Path> s = Files.walk(quarkusApp, 2)) {
            return s.filter(p -> p.toString().endsWith(".jar"))
                    .anyMatch(p -> {
                        try {
                            return Files.getLastModifiedTime(p).compareTo(cached) > 0;
                        } catch (IOException e) {
                            return true;
                        }
                    });
        }
    }
}
