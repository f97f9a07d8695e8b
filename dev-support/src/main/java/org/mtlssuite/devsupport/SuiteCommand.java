package org.mtlssuite.devsupport;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.mtlssuite.pki.DevPkiFiles;

/**
 * {@code SuiteCommand serve [--db-only]}: starts the suite (see {@link Suite}) in this JVM, prints
 * {@code suite ready} once everything answers, and keeps it running until the JVM is asked to stop
 * (SIGTERM from {@code ./suite down}), when it stops the services and the database.
 * {@code SuiteCommand dev-state}: writes what Quarkus dev mode needs in {@code .suite} (see
 * {@link SuiteState#prepareForDevMode}) and exits.
 */
public final class SuiteCommand {

    private SuiteCommand() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath().normalize();
        if (args.length == 1 && "dev-state".equals(args[0])) {
            DevPkiFiles pki = SuiteState.prepareForDevMode(root.resolve(".suite"));
            System.out.println("dev PKI in " + root.relativize(pki.dir()) + ", dev-mode secrets in .suite/" + SuiteState.DEV_PROPERTIES);
            return;
        }
        if (args.length == 0 || !"serve".equals(args[0])) {
            System.err.println("usage: SuiteCommand serve [--db-only] | dev-state");
            System.exit(2);
        }
        boolean dbOnly = args.length > 1 && "--db-only".equals(args[1]);
        Suite.Options options = Suite.Options.standard(root);
        if (dbOnly) {
            options = options.onlyDatabase();
        }
        Suite suite;
        try {
            suite = Suite.start(options, System.out);
        } catch (Suite.PortInUseException e) {
            System.out.println("suite failed: " + e.getMessage());
            System.exit(1);
            return;
        } catch (Exception e) {
            System.out.println("suite failed: " + e.getMessage());
            e.printStackTrace(System.out);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            suite.close();
            stopped.countDown();
        }, "suite-stop"));
        if (!dbOnly) {
            CurlExamples.print(suite, System.out);
        }
        if (dbOnly) {
            System.out.println("database ready: " + suite.database().jdbcUrl("authz") + " and " + suite.database().jdbcUrl("resource"));
        }
        System.out.println("suite ready");
        System.out.flush();
        stopped.await();
    }
}
