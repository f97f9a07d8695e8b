package org.mtlssuite.devsupport;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code SuiteCommand serve [--db-only]}: starts the suite (see {@link Suite}) in this JVM, prints
 * {@code suite ready} once everything answers, and keeps it running until the JVM is asked to stop
 * (SIGTERM from {@code ./suite down}), when it stops the services and the database.
 */
public final class SuiteCommand {

    private SuiteCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !"serve".equals(args[0])) {
            System.err.println("usage: SuiteCommand serve [--db-only]");
            System.exit(2);
        }
        boolean dbOnly = args.length > 1 && "--db-only".equals(args[1]);
        Path root = Path.of(System.getProperty("suite.root", ".")).toAbsolutePath().normalize();
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
