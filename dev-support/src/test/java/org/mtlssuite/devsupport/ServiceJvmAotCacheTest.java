package org.mtlssuite.devsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a service starts from its AOT cache, records it, or runs without: a cache is used only when it is
 * newer than the build and was recorded with the same JVM and memory options, and a recording the JVM
 * did not write is named. Pure file logic: no JVM is started.
 */
class ServiceJvmAotCacheTest {

    @TempDir
    Path dir;
    Path cacheDir;
    Path runnerJar;

    @BeforeEach
    void build() throws Exception {
        cacheDir = dir.resolve("aot");
        Path app = Files.createDirectories(dir.resolve("quarkus-app"));
        runnerJar = Files.writeString(app.resolve("quarkus-run.jar"), "jar");
        Files.setLastModifiedTime(runnerJar, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    private ServiceJvm jvm() {
        return new ServiceJvm(Path.of(System.getProperty("java.home")), 25, true, cacheDir);
    }

    @Test
    void withoutACacheTheFirstStartRecordsAndASecondInstanceRunsWithout() throws Exception {
        ServiceJvm jvm = jvm();
        List<String> first = jvm.command("authz-service", runnerJar);
        assertTrue(first.contains("-XX:AOTMode=record"), first.toString());
        assertTrue(first.contains("-XX:AOTConfiguration=" + cacheDir.resolve("authz-service.aotconf")), first.toString());
        assertEquals(ServiceJvm.CacheUse.RECORDING, jvm.cacheUse("authz-service"));
        assertTrue(jvm.records());

        List<String> second = jvm.command("authz-service", runnerJar);
        assertFalse(second.stream().anyMatch(o -> o.startsWith("-XX:AOT")), second.toString());
        // What the first start did stays what the suite reports.
        assertEquals(ServiceJvm.CacheUse.RECORDING, jvm.cacheUse("authz-service"));
    }

    @Test
    void aRecordingTheJvmDidNotWriteIsNamed() throws Exception {
        ServiceJvm jvm = jvm();
        jvm.command("authz-service", runnerJar);
        jvm.command("sample-resource", runnerJar);
        // The JVM creates the file when it starts and fills it when it stops; one could not write it.
        Files.write(cacheDir.resolve("sample-resource.aotconf"), new byte[] { 1 });
        Files.write(cacheDir.resolve("authz-service.aotconf"), new byte[0]);
        assertEquals(List.of("authz-service"), jvm.recordingsNotWritten());
    }

    @Test
    void aCacheOfTheSameOptionsNewerThanTheBuildIsUsed() throws Exception {
        jvm().command("introspection-service", runnerJar);
        Files.write(cacheDir.resolve("introspection-service.aot"), new byte[] { 1 });

        ServiceJvm next = jvm();
        List<String> command = next.command("introspection-service", runnerJar);
        assertTrue(command.contains("-XX:AOTCache=" + cacheDir.resolve("introspection-service.aot")), command.toString());
        assertEquals(ServiceJvm.CacheUse.USED, next.cacheUse("introspection-service"));
        assertFalse(next.records());
    }

    @Test
    void aCacheOfOtherMemoryOptionsIsRecordedAgain() throws Exception {
        jvm().command("introspection-service", runnerJar);
        Path cache = Files.write(cacheDir.resolve("introspection-service.aot"), new byte[] { 1 });
        Files.writeString(cacheDir.resolve("introspection-service.aotoptions"), "another JVM -XX:MaxMetaspaceSize=160m");

        ServiceJvm next = jvm();
        List<String> command = next.command("introspection-service", runnerJar);
        assertTrue(command.contains("-XX:AOTMode=record"), command.toString());
        assertEquals(ServiceJvm.CacheUse.RECORDING, next.cacheUse("introspection-service"));
        assertFalse(Files.exists(cache));
    }

    @Test
    void aCacheOlderThanTheBuildIsRecordedAgain() throws Exception {
        jvm().command("sample-resource", runnerJar);
        Path cache = Files.write(cacheDir.resolve("sample-resource.aot"), new byte[] { 1 });
        Files.setLastModifiedTime(runnerJar, FileTime.from(Instant.now().plusSeconds(60)));

        ServiceJvm next = jvm();
        assertTrue(next.command("sample-resource", runnerJar).contains("-XX:AOTMode=record"));
        assertEquals(ServiceJvm.CacheUse.RECORDING, next.cacheUse("sample-resource"));
    }
}
