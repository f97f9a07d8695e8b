package org.mtlssuite.clientauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.mtlssuite.cert.DistinguishedNameMatcher;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher;
import org.mtlssuite.cert.SubjectAlternativeNameMatcher.SanType;
import org.mtlssuite.store.ColumnLimits;
import org.mtlssuite.store.OAuthClient;

/**
 * The five subject properties of {@code tls_client_auth} (RFC 8705 section 2.1.2), in one table: the
 * metadata name, where the stored client keeps the value, how a certificate's leaf is matched, the
 * syntax a registered value must have and its longest storable length. A client registers exactly one
 * of them; the order of the constants is the order in which registration errors and the admin API list
 * them.
 */
public enum TlsClientAuthSubject {

    SUBJECT_DN("tls_client_auth_subject_dn", null, ColumnLimits.SUBJECT_DN, "an RFC 4514 distinguished name",
            TlsClientAuthSubject::isDistinguishedName, c -> c.tlsClientAuthSubjectDn, (c, v) -> c.tlsClientAuthSubjectDn = v),
    SAN_DNS("tls_client_auth_san_dns", SanType.DNS, ColumnLimits.SAN_DNS, "a DNS name",
            v -> Syntax.DNS_NAME.matcher(v).matches(), c -> c.tlsClientAuthSanDns, (c, v) -> c.tlsClientAuthSanDns = v),
    SAN_URI("tls_client_auth_san_uri", SanType.URI, ColumnLimits.URI, "an absolute URI",
            TlsClientAuthSubject::isAbsoluteUri, c -> c.tlsClientAuthSanUri, (c, v) -> c.tlsClientAuthSanUri = v),
    SAN_IP("tls_client_auth_san_ip", SanType.IP, ColumnLimits.SAN_IP, "an IPv4 or IPv6 address",
            v -> SubjectAlternativeNameMatcher.literal(v) != null, c -> c.tlsClientAuthSanIp, (c, v) -> c.tlsClientAuthSanIp = v),
    SAN_EMAIL("tls_client_auth_san_email", SanType.EMAIL, ColumnLimits.SAN_EMAIL, "an email address",
            TlsClientAuthSubject::isEmailAddress, c -> c.tlsClientAuthSanEmail, (c, v) -> c.tlsClientAuthSanEmail = v);

    /** The metadata field (RFC 8705 2.1.2), which is also the column name. */
    public final String property;
    /** The SAN type a certificate must carry the value in; null for the subject DN. */
    private final SanType sanType;
    /** The longest value the store keeps ({@link ColumnLimits}). */
    public final int maxLength;
    private final String syntaxName;
    private final Predicate<String> syntax;
    private final Function<OAuthClient, String> stored;
    private final BiConsumer<OAuthClient, String> store;

    private static final List<TlsClientAuthSubject> ALL = List.of(values());
    private static final List<String> PROPERTIES = ALL.stream().map(s -> s.property).toList();

    TlsClientAuthSubject(String property, SanType sanType, int maxLength, String syntaxName, Predicate<String> syntax,
            Function<OAuthClient, String> stored, BiConsumer<OAuthClient, String> store) {
        this.property = property;
        this.sanType = sanType;
        this.maxLength = maxLength;
        this.syntaxName = syntaxName;
        this.syntax = syntax;
        this.stored = stored;
        this.store = store;
    }

    /** The five metadata names, in table order. */
    public static List<String> properties() {
        return PROPERTIES;
    }

    public static Optional<TlsClientAuthSubject> forProperty(String property) {
        return ALL.stream().filter(s -> s.property.equals(property)).findFirst();
    }

    /**
     * The property the client registered: the first non-null one in table order (registration stores
     * exactly one).
     */
    public static Optional<TlsClientAuthSubject> registeredBy(OAuthClient client) {
        return ALL.stream().filter(s -> s.registeredValue(client) != null).findFirst();
    }

    /** Forgets every subject property of the client (before a registration stores its one). */
    public static void clearAll(OAuthClient client) {
        ALL.forEach(s -> s.store.accept(client, null));
    }

    public Optional<SanType> sanType() {
        return Optional.ofNullable(sanType);
    }

    /** This property's value on the stored client, or null. */
    public String registeredValue(OAuthClient client) {
        return stored.apply(client);
    }

    /** Stores {@code value} as this property of the client (after {@link #checkSyntax}). */
    public void register(OAuthClient client, String value) {
        store.accept(client, value);
    }

    /**
     * Refuses a value that cannot be this property, e.g.
     * {@code "tls_client_auth_san_ip is not an IPv4 or IPv6 address"}.
     *
     * @throws IllegalArgumentException whose message names the property and what it must be
     */
    public void checkSyntax(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must be a non-empty string");
        }
        if (!syntax.test(value)) {
            throw new IllegalArgumentException(property + " is not " + syntaxName);
        }
    }

    /**
     * Whether the certificate's leaf carries the registered value: the subject DN compared as a
     * name by {@code dnMatcher}, a SAN value only in a SAN entry of this property's type.
     */
    public boolean matches(String registered, X509Certificate leaf, DistinguishedNameMatcher dnMatcher) {
        return sanType == null ? dnMatcher.matches(registered, leaf.getSubjectX500Principal())
                : SubjectAlternativeNameMatcher.matches(sanType, registered, leaf);
    }

    private static boolean isDistinguishedName(String value) {
        try {
            DistinguishedNameMatcher.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAbsoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isEmailAddress(String value) {
        int at = value.lastIndexOf('@');
        return at > 0 && at != value.length() - 1 && value.chars().noneMatch(Character::isWhitespace);
    }

    @Override
    public String toString() {
        return property;
    }

    /** Holder: an enum constant's initialiser cannot read a static field of its own enum. */
    private static final class Syntax {
        /** A host name with an optional leading {@code *.} wildcard label and an optional trailing dot. */
        static final Pattern DNS_NAME = Pattern
                .compile("(?i)(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    }
}
