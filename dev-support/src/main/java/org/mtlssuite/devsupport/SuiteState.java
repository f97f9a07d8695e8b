package org.mtlssuite.devsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.mtlssuite.pki.DevPki;
import org.mtlssuite.pki.DevPkiFiles;

/**
 * The state folder ({@code .suite}) that {@code ./suite up} and Quarkus dev mode share: the dev PKI,
 * the random secrets kept across runs, and {@code dev.properties}, which hands those secrets to the
 * {@code %dev} profile (the services' {@code %dev.quarkus.config.locations} point at it). Because both
 * use the same sealing secret and admin token, the signing keys in the kept database open in either
 * way of running, one after the other, with no clean-up.
 */
public final class SuiteState {

    /** The random secret that seals the AS signing keys at rest. */
    public static final String KEY_PROTECTION_SECRET = "key-protection.secret";
    /** The bearer token of the AS admin API. */
    public static final String ADMIN_TOKEN = "admin-token";
    /** The {@code %dev} properties written from the two secrets above. */
    public static final String DEV_PROPERTIES = "dev.properties";

    private SuiteState() {
    }

    /**
     * A random secret kept in the state folder across runs, readable only by the owner; written on
     * first use.
     */
    public static String secret(Path stateDir, String name) throws IOException {
        Path file = stateDir.resolve(name);
        if (Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        Files.createDirectories(stateDir);
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        writeOwnerOnly(file, secret);
        return secret;
    }

    /**
     * Everything dev mode needs besides the database: the dev PKI (when missing), the secrets (when
     * missing) and {@code dev.properties}. Returns the PKI.
     */
    public static DevPkiFiles prepareForDevMode(Path stateDir) throws IOException {
        DevPkiFiles pki = DevPki.writeIfMissing(stateDir.resolve("pki"), DevPki.KeyType.EC_P256);
        writeDevProperties(stateDir);
        return pki;
    }

    /** (Re)writes {@code dev.properties} from the kept secrets, creating them when missing. */
    public static Path writeDevProperties(Path stateDir) throws IOException {
        String content = "# Written by ./suite from " + KEY_PROTECTION_SECRET + " and " + ADMIN_TOKEN
                + ": Quarkus dev mode reads it (%dev.quarkus.config.locations)\n"
                + "# so that dev mode and ./suite up seal signing keys with the same secret. Rewritten on each run.\n"
                + "%dev.authz.key-protection.secret=" + secret(stateDir, KEY_PROTECTION_SECRET) + "\n"
                + "%dev.authz.admin.token=" + secret(stateDir, ADMIN_TOKEN) + "\n";
        Path file = stateDir.resolve(DEV_PROPERTIES);
        if (!Files.isRegularFile(file) || !Files.readString(file).equals(content)) {
            Path tmp = stateDir.resolve(DEV_PROPERTIES + ".tmp");
            writeOwnerOnly(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return file;
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(file, content);
    }
}
