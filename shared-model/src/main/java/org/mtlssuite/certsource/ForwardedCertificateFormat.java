package org.mtlssuite.certsource;

/** How a TLS-terminating proxy forwards the client certificate. */
public enum ForwardedCertificateFormat {
    /** RFC 9440 {@code Client-Cert} (sf-binary DER) and {@code Client-Cert-Chain} (sf-list of them). */
    RFC9440("Client-Cert"),
    /** ingress-nginx {@code ssl-client-cert}: URL-encoded PEM ({@code $ssl_client_escaped_cert}), plain PEM accepted. */
    NGINX("ssl-client-cert"),
    /** Traefik {@code X-Forwarded-Tls-Client-Cert}: URL-escaped base64 DER without PEM delimiters, comma-separated. */
    TRAEFIK("X-Forwarded-Tls-Client-Cert"),
    /** Envoy {@code X-Forwarded-Client-Cert}: elements of {@code key=value} pairs with {@code Cert="<url-encoded PEM>"}. */
    ENVOY("X-Forwarded-Client-Cert");

    public final String defaultHeader;

    ForwardedCertificateFormat(String defaultHeader) {
        this.defaultHeader = defaultHeader;
    }
}
