package org.mtlssuite.devsupport;

import java.io.PrintStream;

/** Ready-to-paste curl commands for the running suite. */
final class CurlExamples {

    private CurlExamples() {
    }

    static void print(Suite suite, PrintStream out) {
        SuiteManifest m = suite.manifest();
        out.println();
        out.println("Try it (from the checkout root):");
        out.println("  curl --cacert " + m.ca() + " " + m.authzUrl() + "/q/health/ready");
        out.println("  curl --cacert " + m.ca() + " " + m.authzUrl() + "/.well-known/oauth-authorization-server");
        for (SuiteManifest.DemoClient c : m.clients()) {
            out.println("  # " + c.description());
            out.println("  curl --cacert " + m.ca() + " --cert " + c.cert() + " --key " + c.key() + " -d grant_type=client_credentials -d client_id="
                    + c.clientId() + " " + m.authzMtlsUrl() + "/token");
        }
        out.println("Everything the suite started is listed in suite.json; stop it with ./suite down");
    }
}
