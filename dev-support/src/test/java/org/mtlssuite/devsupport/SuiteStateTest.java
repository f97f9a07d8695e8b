package org.mtlssuite.devsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtlssuite.pki.DevPkiFiles;

/** The state folder shared by ./suite up and dev mode: secrets kept, dev.properties derived from them. */
class SuiteStateTest {

    @TempDir
    Path state;

    @Test
    void aSecretIsWrittenOnceOwnerOnlyAndThenKept() throws Exception {
        String first = SuiteState.secret(state, SuiteState.ADMIN_TOKEN);
        assertTrue(first.length() >= 43, first);
        assertEquals(first, SuiteState.secret(state, SuiteState.ADMIN_TOKEN));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(SuiteState.ADMIN_TOKEN))));
        assertNotEquals(first, SuiteState.secret(state, SuiteState.KEY_PROTECTION_SECRET));
    }

    @Test
    void devPropertiesGiveTheDevProfileTheSecretsThatSuiteUpUses() throws Exception {
        // As left by an earlier ./suite up: the signing keys in its database are sealed with this secret.
        Files.writeString(state.resolve(SuiteState.KEY_PROTECTION_SECRET), "sealing-secret-of-an-earlier-suite-up\n");
        Files.writeString(state.resolve(SuiteState.ADMIN_TOKEN), "admin-token-of-an-earlier-suite-up");

        Path file = SuiteState.writeDevProperties(state);

        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        assertEquals("sealing-secret-of-an-earlier-suite-up", p.getProperty("%dev.authz.key-protection.secret"));
        assertEquals("admin-token-of-an-earlier-suite-up", p.getProperty("%dev.authz.admin.token"));
        assertEquals(2, p.size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("sealing-secret-of-an-earlier-suite-up", Files.readString(state.resolve(SuiteState.KEY_PROTECTION_SECRET)).trim(),
                "the kept secret is never replaced");
    }

    @Test
    void preparingForDevModeWritesAMissingPkiAndKeepsAnExistingOne() throws Exception {
        DevPkiFiles pki = SuiteState.prepareForDevMode(state);
        assertTrue(Files.isRegularFile(pki.caCert()));
        assertTrue(Files.isRegularFile(state.resolve(SuiteState.DEV_PROPERTIES)));
        byte[] ca = Files.readAllBytes(pki.caCert());

        SuiteState.prepareForDevMode(state);

        assertEquals(new String(ca), Files.readString(pki.caCert()), "an existing dev PKI is kept");
    }
}
