package org.mtlssuite.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mtlssuite.cert.DistinguishedNameMatcher;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher;
import org.mtlssuite.certsource.ForwardedCertificateException;
import org.mtlssuite.certsource.ForwardedCertificateParser;
import org.mtlssuite.clientauth.ClientCredentialsExtractor;
import org.mtlssuite.clientauth.FormParameters;
import org.mtlssuite.protocol.OAuthException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import jakarta.ws.rs.core.MultivaluedHashMap;

/**
 * Coverage-guided fuzzing (Jazzer) of the parsers that read attacker-controlled text: forwarded
 * certificate headers, distinguished names and SAN literals, HTTP Basic credentials and form
 * parameters. Each may only refuse with its documented exception; anything else is a finding.
 * Without JAZZER_FUZZ these replay the inputs under src/test/resources (CI); with JAZZER_FUZZ=1 they
 * fuzz for maxDuration (README, Fuzzing).
 */
class ParserFuzzTest {

    static final ForwardedCertificateParser PARSER = new ForwardedCertificateParser(8);
    static final DistinguishedNameMatcher RFC4517 = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.RFC4517);
    static final DistinguishedNameMatcher ANY_ORDER = new DistinguishedNameMatcher(DistinguishedNameMatcher.Mode.ORDER_INSENSITIVE);

    @FuzzTest(maxDuration = "60s")
    void forwardedCertificateHeaders(FuzzedDataProvider data) {
        int format = data.consumeInt(0, 4);
        String first = data.consumeString(8192);
        String second = data.consumeRemainingAsString();
        try {
            List<?> chain = switch (format) {
                case 0 -> PARSER.rfc9440(first, second.isEmpty() ? null : second);
                case 1 -> PARSER.nginx(first);
                case 2 -> PARSER.traefik(first);
                case 3 -> PARSER.envoy(first, ForwardedCertificateParser.EnvoyElement.FIRST);
                default -> PARSER.envoy(first, ForwardedCertificateParser.EnvoyElement.LAST);
            };
            if (chain.size() > 8) {
                throw new AssertionError("chain longer than the configured maximum: " + chain.size());
            }
        } catch (ForwardedCertificateException expected) {
            // the documented refusal: 400 invalid_request at the AS
        }
    }

    @FuzzTest(maxDuration = "60s")
    void distinguishedNamesAndSanLiterals(FuzzedDataProvider data) {
        String a = data.consumeString(1024);
        String b = data.consumeRemainingAsString();
        try {
            var registered = DistinguishedNameMatcher.parse(a);
            var presented = DistinguishedNameMatcher.parse(b);
            boolean strict = RFC4517.matches(registered, presented);
            if (strict && !ANY_ORDER.matches(registered, presented)) {
                throw new AssertionError("an RFC 4517 match must also match order-insensitively: " + a + " / " + b);
            }
            if (!RFC4517.matches(registered, registered)) {
                throw new AssertionError("a name must match itself: " + a);
            }
        } catch (IllegalArgumentException expected) {
            // not an RFC 4514 string: invalid_client_metadata at registration
        }
        SubjectAlternativeNameMatcher.literal(a);
        SubjectAlternativeNameMatcher.sameAddress(a, b);
    }

    @FuzzTest(maxDuration = "60s")
    void basicCredentialsAndFormParameters(FuzzedDataProvider data) {
        String header = data.consumeString(2048);
        try {
            String[] basic = ClientCredentialsExtractor.basicCredentials(header);
            if (basic != null && (basic[0] == null || basic[1] == null)) {
                throw new AssertionError("Basic credentials with a null part");
            }
        } catch (OAuthException expected) {
            if (!"invalid_request".equals(expected.error()) || expected.status() != 400) {
                throw new AssertionError("Basic parsing must refuse with 400 invalid_request, not " + expected.error());
            }
        }
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        for (String pair : data.consumeRemainingAsString().split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.add(name, value);
            } catch (IllegalArgumentException notFormEncoded) {
                return; // the server's form reader refuses such a body before our code sees it
            }
        }
        try {
            FormParameters.requireNoDuplicates(form);
            FormParameters.single(form, "client_id");
            FormParameters.single(form, "grant_type");
        } catch (OAuthException expected) {
            if (!"invalid_request".equals(expected.error())) {
                throw new AssertionError("form parameters must refuse with invalid_request, not " + expected.error());
            }
        }
    }

    /**
     * The form reader every endpoint uses, then the checks of a client-authenticating endpoint: only
     * 400 invalid_request or 401 invalid_client; whatever passes is storable.
     */
    @FuzzTest(maxDuration = "60s")
    void formBodiesAndTheStorableInputRule(FuzzedDataProvider data) {
        jakarta.ws.rs.core.MultivaluedMap<String, String> form;
        try {
            form = FormParameters.parse(data.consumeRemainingAsBytes());
        } catch (OAuthException e) {
            if (e.status() != 400 || !"invalid_request".equals(e.error())) {
                throw new AssertionError("form parsing must refuse with 400 invalid_request, not " + e.error());
            }
            return;
        }
        try {
            FormParameters.requireWellFormed(form);
        } catch (OAuthException e) {
            if (!List.of("invalid_request", "invalid_client").contains(e.error())) {
                throw new AssertionError("form checks must refuse with invalid_request or invalid_client, not " + e.error());
            }
            return;
        }
        form.forEach((name, values) -> values.forEach(v -> {
            if (v.indexOf('\u0000') >= 0 || v.indexOf('\uFFFD') >= 0 || v.length() > FormParameters.maxLength(name)) {
                throw new AssertionError("an unstorable value passed: " + name);
            }
        }));
    }
}
