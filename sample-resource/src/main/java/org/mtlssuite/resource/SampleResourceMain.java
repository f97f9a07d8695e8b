package org.mtlssuite.resource;

import org.mtlssuite.startup.ServiceStart;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: settings checked, native crypto installed, then Quarkus ({@link ServiceStart}).
 */
@QuarkusMain
public class SampleResourceMain {

    public static void main(String... args) {
        ServiceStart.run(args, "suite.binding.issuer", "suite.binding.jwks-uri",
                "suite.binding.introspection.url");
    }
}
