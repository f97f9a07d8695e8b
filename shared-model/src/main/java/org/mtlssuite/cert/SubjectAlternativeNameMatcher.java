package org.mtlssuite.cert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.util.IPAddress;

/**
 * The SAN-based {@code tls_client_auth_san_*} properties (RFC 8705 section 2.1.2): a SAN entry of
 * exactly the registered type must equal the value. A value in a SAN of another type never matches.
 */
public final class SubjectAlternativeNameMatcher {

    /** GeneralName tags as {@link X509Certificate#getSubjectAlternativeNames()} reports them. */
    public enum SanType {
        DNS(2), URI(6), IP(7), EMAIL(1);

        final int tag;

        SanType(int tag) {
            this.tag = tag;
        }
    }

    private SubjectAlternativeNameMatcher() {
    }

    public static boolean matches(SanType type, String registered, X509Certificate certificate) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        for (List<?> san : sans) {
            if (((Integer) san.get(0)) == type.tag && san.get(1) instanceof String value && equal(type, registered, value)) {
                return true;
            }
        }
        return false;
    }

    static boolean equal(SanType type, String registered, String presented) {
        return switch (type) {
            case DNS -> stripDot(registered).equalsIgnoreCase(stripDot(presented));
            case URI -> registered.equals(presented);
            case IP -> sameAddress(registered, presented);
            case EMAIL -> sameMailbox(registered, presented);
        };
    }

    private static String stripDot(String dns) {
        return dns.endsWith(".") ? dns.substring(0, dns.length() - 1) : dns;
    }

    /** Compares as addresses: {@code 2001:db8::1} equals {@code 2001:0db8:0:0:0:0:0:1}. Never resolves names. */
    public static boolean sameAddress(String a, String b) {
        InetAddress x = literal(a);
        InetAddress y = literal(b);
        return x != null && x.equals(y);
    }

    /** A textual IPv4 or IPv6 address, or null when the text is not one (no DNS lookup). */
    public static InetAddress literal(String text) {
        if (text == null || !(IPAddress.isValidIPv4(text) || IPAddress.isValidIPv6(text))) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Local part exact, domain case-insensitive (RFC 5280 section 7.5). */
    private static boolean sameMailbox(String a, String b) {
        int i = a.lastIndexOf('@');
        int j = b.lastIndexOf('@');
        if (i < 0 || j < 0) {
            return a.equalsIgnoreCase(b);
        }
        return a.substring(0, i).equals(b.substring(0, j))
                && a.substring(i + 1).toLowerCase(Locale.ROOT).equals(b.substring(j + 1).toLowerCase(Locale.ROOT));
    }
}
