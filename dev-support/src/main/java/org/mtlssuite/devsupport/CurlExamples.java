package org.mtlssuite.devsupport;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Ready-to-paste curl commands for the running suite. */
final class CurlExamples {

    private CurlExamples() {
    }

    /** The authorization code flow with PKCE, in a browser or with curl alone (the login form posted with its cookie). */
    static void printCodeFlow(SuiteManifest m, SuiteManifest.DemoClient app, SuiteManifest.DemoUser user, PrintStream out) {
        String redirect = DemoClients.PUBLIC_APP_REDIRECT_URI;
        out.println("  # Authorization code + PKCE: public client " + app.clientId() + ", user " + user.username()
                + " (password in " + user.passwordFile() + ")");
        out.println("  verifier=$(openssl rand -hex 32)");
        out.println("  challenge=$(printf %s \"$verifier\" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')");
        out.println("  authorize=\"" + m.authzUrl() + "/authorize?response_type=code&client_id=" + app.clientId()
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&scope=accounts%3Aread&state=demo&code_challenge=$challenge&code_challenge_method=S256\"");
        out.println("  # In a browser (trust " + m.ca() + " first): open \"$authorize\", sign in, and copy code= from the "
                + redirect + " address it sends you to. With curl alone:");
        out.println("  page=$(curl -s --cacert " + m.ca() + " -c .suite/cookies \"$authorize\")");
        out.println("  field() { printf %s \"$page\" | sed -n \"s/.*name=\\\"$1\\\" value=\\\"\\([^\\\"]*\\)\\\".*/\\1/p\"; }");
        out.println("  code=$(curl -s --cacert " + m.ca() + " -b .suite/cookies -o /dev/null -w '%{redirect_url}'"
                + " --data-urlencode request_id=\"$(field request_id)\" --data-urlencode csrf_token=\"$(field csrf_token)\""
                + " -d decision=approve -d username=" + user.username() + " --data-urlencode password@" + user.passwordFile()
                + " " + m.authzUrl() + "/authorize | sed -n 's/.*[?&]code=\\([^&]*\\).*/\\1/p')");
        out.println("  curl --cacert " + m.ca() + " --cert " + app.cert() + " --key " + app.key()
                + " -d grant_type=authorization_code -d client_id=" + app.clientId() + " -d \"code=$code\" -d redirect_uri="
                + redirect + " -d \"code_verifier=$verifier\" " + m.authzMtlsUrl() + "/token");
        out.println("  # then: -d grant_type=refresh_token -d client_id=" + app.clientId()
                + " -d refresh_token=... with the same --cert (another certificate gets invalid_grant)");
    }

    static void print(Suite suite, PrintStream out) {
        SuiteManifest m = suite.manifest();
        out.println();
        out.println("Try it (from the checkout root):");
        out.println("  curl --cacert " + m.ca() + " " + m.authzManagementUrl() + "/q/health/ready     # management port");
        out.println("  curl --cacert " + m.ca() + " " + m.authzUrl() + "/.well-known/oauth-authorization-server");
        for (SuiteManifest.DemoClient c : m.clients()) {
            if ("none".equals(c.tokenEndpointAuthMethod())) {
                continue;
            }
            out.println("  # " + c.description());
            out.println("  curl --cacert " + m.ca() + " --cert " + c.cert() + " --key " + c.key() + " -d grant_type=client_credentials -d client_id="
                    + c.clientId() + " " + m.authzMtlsUrl() + "/token");
        }
        m.clients().stream().filter(c -> DemoClients.PUBLIC_APP.equals(c.clientId())).findFirst()
                .ifPresent(app -> m.users().stream().findFirst().ifPresent(user -> printCodeFlow(m, app, user, out)));
        out.println("Everything the suite started is listed in suite.json; stop it with ./suite down");
    }
}
