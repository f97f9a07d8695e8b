package org.mtlssuite.authz.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.mtlssuite.protocol.OAuthError;
import org.mtlssuite.protocol.OAuthException;
import org.mtlssuite.protocol.SpaceDelimited;
import java.util.function.Function;

/**
 * The OpenID Connect parameters of an authorization request (Core 3.1.2.1) that change how the AS
 * treats the user: {@code prompt}, {@code max_age}, {@code nonce}, {@code login_hint}; and the
 * refusal of request objects (6.1, 6.2). Parsed apart from the decision, so both are testable alone.
 */
public record AuthenticationRequest(Set<Prompt> prompt, Duration maxAge, String nonce, String loginHint) {

    static final int MAX_NONCE_CHARS = 512;
    static final int MAX_LOGIN_HINT_CHARS = 255;

    public enum Prompt {
        NONE, LOGIN, CONSENT, SELECT_ACCOUNT;

        static Prompt parse(String value) {
            return switch (value) {
                case "none" -> NONE;
                case "login" -> LOGIN;
                case "consent" -> CONSENT;
                case "select_account" -> SELECT_ACCOUNT;
                default -> throw OAuthException.invalidRequest("prompt value " + value + " is not supported");
            };
        }
    }

    /** What the AS must do with the browser, once it knows the session and the remembered consent. */
    public enum Decision {
        /** Answer with a code at once: signed in, consent remembered. */
        ISSUE,
        /** Show the consent page to the signed-in user. */
        ASK_CONSENT,
        /** Show the login (and consent) page. */
        ASK_LOGIN
    }

    /**
     * @param get the single value of a parameter (null when absent); repeated parameters were refused before
     */
    public static AuthenticationRequest parse(Function<String, String> get) {
        if (get.apply("request") != null) {
            throw new OAuthException(400, OAuthError.REQUEST_NOT_SUPPORTED, "request objects (the request parameter) are not supported");
        }
        if (get.apply("request_uri") != null) {
            throw new OAuthException(400, OAuthError.REQUEST_URI_NOT_SUPPORTED, "request_uri is not supported");
        }
        Set<Prompt> prompt = EnumSet.noneOf(Prompt.class);
        for (String p : SpaceDelimited.split(get.apply("prompt"))) {
            prompt.add(Prompt.parse(p));
        }
        if (prompt.contains(Prompt.NONE) && prompt.size() > 1) {
            throw OAuthException.invalidRequest("prompt=none cannot be combined with another prompt value");
        }
        Duration maxAge = null;
        String maxAgeText = get.apply("max_age");
        if (maxAgeText != null) {
            if (!maxAgeText.matches("[0-9]{1,9}")) {
                throw OAuthException.invalidRequest("max_age must be a number of seconds");
            }
            maxAge = Duration.ofSeconds(Long.parseLong(maxAgeText));
        }
        String nonce = get.apply("nonce");
        if (nonce != null && (nonce.length() > MAX_NONCE_CHARS || !printableAscii(nonce))) {
            throw OAuthException.invalidRequest("nonce must be at most " + MAX_NONCE_CHARS + " printable ASCII characters");
        }
        String loginHint = get.apply("login_hint");
        if (loginHint != null && (loginHint.length() > MAX_LOGIN_HINT_CHARS || !printableAscii(loginHint))) {
            loginHint = null; // only a hint: a useless one is ignored
        }
        return new AuthenticationRequest(Set.copyOf(prompt), maxAge, nonce, loginHint);
    }

    /**
     * Core 3.1.2.3 and 3.1.2.6: whether the browser's session can be used, whether the user must
     * consent, and what {@code prompt=none} answers when it cannot be done silently.
     *
     * @param sessionUser the session's user, null without a session
     * @param sessionAuthTime when that user entered their password
     * @param consentRemembered whether that user already allowed this client every requested scope
     * @throws OAuthException login_required, consent_required or interaction_required under prompt=none
     */
    public Decision decide(String sessionUser, Instant sessionAuthTime, boolean consentRemembered, Instant now) {
        boolean loginNeeded = sessionUser == null || prompt.contains(Prompt.LOGIN) || prompt.contains(Prompt.SELECT_ACCOUNT)
                || (maxAge != null && sessionAuthTime.plus(maxAge).isBefore(now));
        boolean otherUserHinted = sessionUser != null && loginHint != null && !loginHint.equals(sessionUser);
        if (prompt.contains(Prompt.NONE)) {
            if (loginNeeded) {
                throw new OAuthException(400, OAuthError.LOGIN_REQUIRED, sessionUser == null ? "the user is not signed in"
                        : "the user's sign-in is older than max_age");
            }
            if (otherUserHinted) {
                // The user would have to switch accounts on our page: not possible without showing it.
                throw new OAuthException(400, OAuthError.INTERACTION_REQUIRED, "another user is signed in than login_hint names");
            }
            if (!consentRemembered) {
                throw new OAuthException(400, OAuthError.CONSENT_REQUIRED, "the user has not allowed this client these scopes yet");
            }
            return Decision.ISSUE;
        }
        if (loginNeeded || otherUserHinted) {
            return Decision.ASK_LOGIN;
        }
        if (!consentRemembered || prompt.contains(Prompt.CONSENT)) {
            return Decision.ASK_CONSENT;
        }
        return Decision.ISSUE;
    }

    private static boolean printableAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** For logs and tests. */
    public List<String> promptValues() {
        return prompt.stream().map(p -> p.name().toLowerCase()).toList();
    }
}
