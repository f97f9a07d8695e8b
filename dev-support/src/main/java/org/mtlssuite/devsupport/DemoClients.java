package org.mtlssuite.devsupport;

/** Registers the demo clients through the AS admin API and lists them in the manifest. */
final class DemoClients {

    private DemoClients() {
    }

    static void seed(Suite suite, SuiteManifest manifest) {
        // Filled in by the authorization-server work: one client per authentication method and subject property.
    }
}
