package org.mtlssuite.certsource;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * Decodes client certificates forwarded by TLS-terminating proxies (RFC 8705 6.5, RFC 9440,
 * ingress-nginx, Traefik, Envoy). Pure and strict: anything malformed is a
 * {@link ForwardedCertificateException} naming the problem; the DER itself is parsed by the JDK.
 */
public final class ForwardedCertificateParser {

    /** Which XFCC element to read: Envoy appends one per hop, so the last is the nearest proxy's. */
    public enum EnvoyElement {
        FIRST, LAST
    }

    private static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

    private final int maxChainLength;

    public ForwardedCertificateParser(int maxChainLength) {
        this.maxChainLength = maxChainLength;
    }

    /** RFC 9440: {@code Client-Cert} (one sf-binary) and, optionally, {@code Client-Cert-Chain} (an sf-list of sf-binary). */
    public List<X509Certificate> rfc9440(String clientCert, String clientCertChain) throws ForwardedCertificateException {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(der(byteSequence(clientCert.strip(), "Client-Cert"), "Client-Cert"));
        if (clientCertChain != null && !clientCertChain.isBlank()) {
            String[] members = clientCertChain.split(",", -1);
            checkLength(members.length + 1);
            for (int i = 0; i < members.length; i++) {
                chain.add(der(byteSequence(members[i].strip(), "Client-Cert-Chain[" + i + "]"), "Client-Cert-Chain[" + i + "]"));
            }
        }
        return chain;
    }

    /** ingress-nginx: URL-encoded PEM, or plain PEM (whitespace-mangled forms accepted). */
    public List<X509Certificate> nginx(String value) throws ForwardedCertificateException {
        String pem = value.contains("-----BEGIN ") ? value : urlDecode(value, "ssl-client-cert");
        return pemChain(pem, "ssl-client-cert");
    }

    /** Traefik: URL-escaped base64 DER blocks without delimiters, separated by commas (leaf first). */
    public List<X509Certificate> traefik(String value) throws ForwardedCertificateException {
        String decoded = urlDecode(value, "X-Forwarded-Tls-Client-Cert");
        String[] blocks = decoded.split(",", -1);
        checkLength(blocks.length);
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < blocks.length; i++) {
            String b64 = blocks[i].replaceAll("\\s", "");
            if (b64.isEmpty() || !BASE64.matcher(b64).matches()) {
                throw new ForwardedCertificateException("X-Forwarded-Tls-Client-Cert[" + i + "] is not base64");
            }
            chain.add(der(base64(b64, "X-Forwarded-Tls-Client-Cert[" + i + "]"), "X-Forwarded-Tls-Client-Cert[" + i + "]"));
        }
        return chain;
    }

    /** Envoy XFCC: the chosen element's {@code Chain} if present, else its {@code Cert}; empty when the element has neither. */
    public List<X509Certificate> envoy(String value, EnvoyElement which) throws ForwardedCertificateException {
        List<Map<String, String>> elements = xfccElements(value);
        if (elements.isEmpty()) {
            throw new ForwardedCertificateException("X-Forwarded-Client-Cert has no element");
        }
        Map<String, String> element = which == EnvoyElement.FIRST ? elements.get(0) : elements.get(elements.size() - 1);
        String chain = element.get("chain");
        String cert = element.get("cert");
        if (chain != null) {
            List<X509Certificate> certs = pemChain(urlDecode(chain, "X-Forwarded-Client-Cert Chain"), "X-Forwarded-Client-Cert Chain");
            if (cert != null) {
                X509Certificate leaf = pemChain(urlDecode(cert, "X-Forwarded-Client-Cert Cert"), "X-Forwarded-Client-Cert Cert").get(0);
                if (!leaf.equals(certs.get(0))) {
                    throw new ForwardedCertificateException("X-Forwarded-Client-Cert Cert differs from the first certificate of Chain");
                }
            }
            return certs;
        }
        if (cert != null) {
            return pemChain(urlDecode(cert, "X-Forwarded-Client-Cert Cert"), "X-Forwarded-Client-Cert Cert");
        }
        return List.of();
    }

    /** Splits XFCC into elements (by commas outside quotes) of key=value pairs (by semicolons outside quotes). */
    static List<Map<String, String>> xfccElements(String value) throws ForwardedCertificateException {
        List<Map<String, String>> elements = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        StringBuilder token = new StringBuilder();
        String key = null;
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    token.append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else if (i == value.length()) {
                    throw new ForwardedCertificateException("X-Forwarded-Client-Cert has an unterminated quote");
                } else {
                    token.append(c);
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '=' && key == null) {
                key = token.toString().strip().toLowerCase(Locale.ROOT);
                token.setLength(0);
            } else if (c == ';' || c == ',') {
                if (key == null) {
                    if (!token.toString().isBlank()) {
                        throw new ForwardedCertificateException("X-Forwarded-Client-Cert has a pair without '='");
                    }
                } else {
                    if (key.isEmpty()) {
                        throw new ForwardedCertificateException("X-Forwarded-Client-Cert has an empty key");
                    }
                    if (current.putIfAbsent(key, token.toString().strip()) != null && !key.equals("uri") && !key.equals("dns")) {
                        throw new ForwardedCertificateException("X-Forwarded-Client-Cert repeats " + key + " in one element");
                    }
                }
                key = null;
                token.setLength(0);
                if (c == ',' && !current.isEmpty()) {
                    elements.add(current);
                    current = new LinkedHashMap<>();
                }
            } else {
                token.append(c);
            }
        }
        return elements;
    }

    private List<X509Certificate> pemChain(String pem, String where) throws ForwardedCertificateException {
        Matcher m = PEM.matcher(pem);
        List<X509Certificate> chain = new ArrayList<>();
        while (m.find()) {
            checkLength(chain.size() + 1);
            String b64 = m.group(1).replaceAll("\\s", "");
            if (b64.isEmpty() || !BASE64.matcher(b64).matches()) {
                throw new ForwardedCertificateException(where + " holds a PEM block that is not base64");
            }
            chain.add(der(base64(b64, where), where));
        }
        if (chain.isEmpty()) {
            throw new ForwardedCertificateException(where + " holds no PEM certificate");
        }
        return chain;
    }

    private static byte[] byteSequence(String item, String where) throws ForwardedCertificateException {
        if (item.length() < 3 || item.charAt(0) != ':' || item.charAt(item.length() - 1) != ':') {
            throw new ForwardedCertificateException(where + " is not a structured-field byte sequence (:base64:)");
        }
        String b64 = item.substring(1, item.length() - 1);
        if (!BASE64.matcher(b64).matches()) {
            throw new ForwardedCertificateException(where + " is not base64");
        }
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ForwardedCertificateException(where + " is not base64");
        }
    }

    /** Base64 that the pattern admits but the decoder refuses (a lone character, bad padding) is refused too. */
    private static byte[] base64(String b64, String where) throws ForwardedCertificateException {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new ForwardedCertificateException(where + " is not base64");
        }
    }

    private static X509Certificate der(byte[] der, String where) throws ForwardedCertificateException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (Exception e) {
            throw new ForwardedCertificateException(where + " is not a DER X.509 certificate");
        }
    }

    private static String urlDecode(String value, String where) throws ForwardedCertificateException {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ForwardedCertificateException(where + " is not validly URL-encoded");
        }
    }

    private void checkLength(int n) throws ForwardedCertificateException {
        if (n > maxChainLength) {
            throw new ForwardedCertificateException("forwarded chain is longer than " + maxChainLength);
        }
    }
}
