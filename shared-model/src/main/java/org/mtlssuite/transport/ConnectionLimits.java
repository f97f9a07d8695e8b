package org.mtlssuite.transport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.mtlssuite.certsource.ClientCertificateSource;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * At most {@code suite.transport.max-connections-per-address} open connections per client address
 * on each listener (counted per listener port), trusted proxies exempt, so that one host cannot hold every connection a listener
 * accepts. A listener that sees connections as they open (the AS's mTLS listener) asks
 * {@link #admit} at once; Quarkus' own listeners do not expose their connections, so there a
 * connection is counted at its first request, which is refused (the connection closed) over the
 * limit. A connection that never sends a request is closed by the idle time-out.
 */
@ApplicationScoped
public class ConnectionLimits {

    private static final Logger LOG = Logger.getLogger(ConnectionLimits.class);

    @Inject
    TransportConfig config;

    @Inject
    ClientCertificateSource proxies;

    /** A listener (by its local port) and a client address. */
    private record Key(int listenerPort, String address) {
    }

    private final Map<Key, Integer> perAddress = new ConcurrentHashMap<>();
    private final Set<HttpConnection> counted = ConcurrentHashMap.newKeySet();

    /** Before any other route: a connection's first request on a Quarkus listener counts it. */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 50).handler(rc -> {
            HttpConnection connection = rc.request().connection();
            if (connection == null || counted.contains(connection) || admit(connection)) {
                rc.next();
                return;
            }
            connection.close();
        });
    }

    /**
     * Counts a new connection until it closes; false when its address is at the limit (the caller
     * closes it). Connections from trusted proxies are not counted.
     */
    public boolean admit(HttpConnection connection) {
        int limit = config.maxConnectionsPerAddress();
        if (limit <= 0 || !(connection instanceof ConnectionBase base)) {
            return true;
        }
        SocketAddress remote = connection.remoteAddress();
        String address = remote == null ? null : remote.hostAddress();
        if (address == null || proxies.trustedProxyAddress(address)) {
            return true;
        }
        Key key = new Key(connection.localAddress() == null ? -1 : connection.localAddress().port(), address);
        boolean[] admitted = { false };
        perAddress.compute(key, (k, n) -> {
            int open = n == null ? 0 : n;
            if (open >= limit) {
                return n;
            }
            admitted[0] = true;
            return open + 1;
        });
        if (!admitted[0]) {
            LOG.debugf("connection from %s refused: %d connections from that address already open", address, limit);
            return false;
        }
        counted.add(connection);
        // Netty's close future, not HttpConnection.closeHandler: that one has a single slot, which the listener may use.
        base.closeFuture().onComplete(v -> {
            counted.remove(connection);
            perAddress.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        });
        return true;
    }

    /** Open connections counted for this address on the listener at this port (for tests and diagnostics). */
    public int open(int listenerPort, String address) {
        return perAddress.getOrDefault(new Key(listenerPort, address), 0);
    }
}
