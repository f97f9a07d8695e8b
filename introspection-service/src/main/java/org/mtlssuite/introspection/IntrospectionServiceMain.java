package org.mtlssuite.introspection;

import org.mtlssuite.startup.ServiceStart;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point: settings checked, native crypto installed, then Quarkus ({@link ServiceStart}).
 */
@QuarkusMain
public class IntrospectionServiceMain {

    public static void main(String... args) {
        ServiceStart.run(args, "introspection.issuer");
    }
}
