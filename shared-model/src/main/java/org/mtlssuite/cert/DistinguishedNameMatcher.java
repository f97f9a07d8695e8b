package org.mtlssuite.cert;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;

/**
 * {@code tls_client_auth_subject_dn} matching (RFC 8705 section 2.1.2): distinguished names compared
 * as names, never as strings.
 *
 * <p>{@link Mode#RFC4517} (default) is distinguishedNameMatch: the same number of RDNs, equal by
 * position; inside one RDN the AVAs in any order; types compared by OID; string values compared
 * case-insensitively with leading/trailing space removed and inner runs of space folded (the
 * caseIgnoreMatch rules of the usual directory attributes); other values by their DER encoding.
 * {@link Mode#ORDER_INSENSITIVE} compares the RDNs as a multiset, for deployments whose clients
 * register DNs in OpenSSL's reversed print order.
 *
 * <p>The outcome of {@link #matches(String, X500Principal)} depends only on the registered text, the
 * subject's DER encoding and the mode, so it is remembered (bounded, {@value #MAX_REMEMBERED} pairs):
 * an unchanged registration presented with an unchanged certificate costs a map lookup, not two DN
 * parses and a comparison. A changed registration is different text, hence a new entry.
 */
public final class DistinguishedNameMatcher {

    public enum Mode {
        RFC4517, ORDER_INSENSITIVE
    }

    /** Keywords beyond the JDK's RFC 4514 set that registrations commonly use. */
    private static final Map<String, String> EXTRA_KEYWORDS = Map.of(
            "EMAILADDRESS", "1.2.840.113549.1.9.1",
            "E", "1.2.840.113549.1.9.1",
            "SERIALNUMBER", "2.5.4.5",
            "ORGANIZATIONIDENTIFIER", "2.5.4.97",
            "BUSINESSCATEGORY", "2.5.4.15",
            "JURISDICTIONC", "1.3.6.1.4.1.311.60.2.1.3",
            "JURISDICTIONST", "1.3.6.1.4.1.311.60.2.1.2",
            "JURISDICTIONL", "1.3.6.1.4.1.311.60.2.1.1",
            "POSTALCODE", "2.5.4.17");

    static final int MAX_REMEMBERED = 10_000;

    /** The registered DN exactly as stored, and the presented subject's DER encoding. */
    private record Pair(String registered, ByteBuffer subject) {
    }

    private final Mode mode;
    private final Cache<Pair, Boolean> outcomes = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();

    public DistinguishedNameMatcher(Mode mode) {
        this.mode = mode;
    }

    /**
     * Parses an RFC 4514 string (escapes, {@code +} multi-valued RDNs, {@code OID=#hex} values).
     *
     * @throws IllegalArgumentException when it is not a distinguished name
     */
    public static X500Name parse(String rfc4514) {
        if (rfc4514 == null || rfc4514.isBlank()) {
            throw new IllegalArgumentException("empty distinguished name");
        }
        Map<String, String> keywords = new HashMap<>();
        EXTRA_KEYWORDS.forEach((k, v) -> {
            keywords.put(k, v);
            keywords.put(k.toLowerCase(Locale.ROOT), v);
        });
        try {
            return X500Name.getInstance(new X500Principal(rfc4514, keywords).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RFC 4514 distinguished name: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when {@code registeredDn} is not a distinguished name (never remembered)
     */
    public boolean matches(String registeredDn, X500Principal subject) {
        byte[] der = subject.getEncoded();
        return outcomes.get(new Pair(registeredDn, ByteBuffer.wrap(der)),
                p -> matches(parse(registeredDn), X500Name.getInstance(der)));
    }

    public boolean matches(X500Name registered, X500Name presented) {
        RDN[] a = registered.getRDNs();
        RDN[] b = presented.getRDNs();
        if (a.length != b.length) {
            return false;
        }
        if (mode == Mode.RFC4517) {
            for (int i = 0; i < a.length; i++) {
                if (!rdnEquals(a[i], b[i])) {
                    return false;
                }
            }
            return true;
        }
        List<RDN> remaining = new ArrayList<>(Arrays.asList(b));
        outer: for (RDN rdn : a) {
            for (int i = 0; i < remaining.size(); i++) {
                if (rdnEquals(rdn, remaining.get(i))) {
                    remaining.remove(i);
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean rdnEquals(RDN a, RDN b) {
        AttributeTypeAndValue[] x = a.getTypesAndValues();
        AttributeTypeAndValue[] y = b.getTypesAndValues();
        if (x.length != y.length) {
            return false;
        }
        List<AttributeTypeAndValue> remaining = new ArrayList<>(Arrays.asList(y));
        outer: for (AttributeTypeAndValue ava : x) {
            for (int i = 0; i < remaining.size(); i++) {
                if (avaEquals(ava, remaining.get(i))) {
                    remaining.remove(i);
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean avaEquals(AttributeTypeAndValue a, AttributeTypeAndValue b) {
        if (!a.getType().equals(b.getType())) {
            return false;
        }
        ASN1Encodable x = a.getValue();
        ASN1Encodable y = b.getValue();
        if (x instanceof ASN1String sx && y instanceof ASN1String sy) {
            return fold(sx.getString()).equals(fold(sy.getString()));
        }
        try {
            return Arrays.equals(x.toASN1Primitive().getEncoded(ASN1Encoding.DER),
                    y.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            return false;
        }
    }

    /** caseIgnoreMatch preparation: trim, fold inner whitespace runs to one space, compare case-insensitively. */
    static String fold(String value) {
        return value.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
