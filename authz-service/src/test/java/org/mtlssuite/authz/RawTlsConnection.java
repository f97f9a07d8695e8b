package org.mtlssuite.authz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.net.ssl.SSLSocket;

import org.mtlssuite.devsupport.TestTls;

/**
 * One TLS connection made by hand, from a chosen local address (any 127.x.y.z is this host), so that
 * a test controls exactly which connections are open, idle or reused, and from which address.
 */
final class RawTlsConnection implements AutoCloseable {

    /** An HTTP response, or null status when the server closed the connection instead of answering. */
    record Answer(int status, String body) {
    }

    final SSLSocket socket;

    private RawTlsConnection(SSLSocket socket) {
        this.socket = socket;
    }

    /** Connects from {@code localAddress} to 127.0.0.1:port and completes the TLS handshake, presenting {@code fixture}'s certificate (none when null). */
    static RawTlsConnection open(String localAddress, int port, String fixture) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(localAddress, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket s = (SSLSocket) TestTls.context(AuthzTestClient.pki(), fixture).getSocketFactory()
                .createSocket(plain, "localhost", port, true);
        s.setSoTimeout(15_000);
        s.startHandshake();
        return new RawTlsConnection(s);
    }

    /** A keep-alive request; null when the server closed the connection instead of answering. */
    Answer request(String method, String path, String formBody) throws IOException {
        StringBuilder r = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        byte[] body = formBody == null ? new byte[0] : formBody.getBytes(StandardCharsets.UTF_8);
        if (formBody != null) {
            r.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        r.append("\r\n");
        try {
            OutputStream out = socket.getOutputStream();
            out.write(r.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException closed) {
            return null;
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        if (b < 0) {
            return null;
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int status = Integer.parseInt(headers.substring(9, 12));
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /**
     * Waits (up to the socket's read time-out) for the server to close this connection, without
     * sending anything; true when it did (end of stream or reset), false when the time-out passed.
     */
    boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
