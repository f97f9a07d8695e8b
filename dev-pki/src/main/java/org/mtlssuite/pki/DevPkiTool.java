package org.mtlssuite.pki;

import java.nio.file.Path;

/**
 * Command line for the dev PKI: {@code DevPkiTool [--out DIR] [--key-type ec|rsa] [--force]}.
 * Without {@code --force} an existing PKI in DIR is kept.
 */
public final class DevPkiTool {

    private DevPkiTool() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(".suite", "pki");
        DevPki.KeyType keyType = DevPki.KeyType.EC_P256;
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--key-type" -> keyType = DevPki.KeyType.parse(args[++i]);
                case "--force" -> force = true;
                default -> {
                    System.err.println("usage: DevPkiTool [--out DIR] [--key-type ec|rsa] [--force]");
                    System.exit(2);
                }
            }
        }
        DevPkiFiles files = force ? DevPki.write(out, keyType) : DevPki.writeIfMissing(out, keyType);
        System.out.println("dev PKI in " + files.dir().toAbsolutePath() + " (CA: " + files.caCert() + ", PKCS#12 password: "
                + DevPki.P12_PASSWORD + ")");
    }
}
