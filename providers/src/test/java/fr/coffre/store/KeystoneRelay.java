package fr.coffre.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a real server (Keystone, or a Swift proxy) that counts connections and the
 * Keystone token requests ({@code POST /v3/auth/tokens}) clients send through it; or, with no target, a dead
 * server that accepts each connection and closes it at once. Not a mock: every byte goes to and comes from the
 * real server. Nothing it sees is printed.
 */
public final class KeystoneRelay implements AutoCloseable {

    private static final byte[] TOKEN_REQUEST = "POST /v3/auth/tokens ".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    private KeystoneRelay(int listenPort, int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 50);
        Thread acceptor = new Thread(this::acceptLoop, "keystone-relay-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Relays 127.0.0.1:{@code listenPort} (0: any free port) to 127.0.0.1:{@code targetPort}. */
    public static KeystoneRelay to(int listenPort, int targetPort) throws IOException {
        return new KeystoneRelay(listenPort, targetPort);
    }

    /** A server that accepts connections and closes them without a byte: a crashed Keystone behind its port. */
    public static KeystoneRelay dead() throws IOException {
        return new KeystoneRelay(0, -1);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** Token requests ({@code POST /v3/auth/tokens}) sent through this relay. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    public void reset() {
        connections.set(0);
        tokenRequests.set(0);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                if (targetPort < 0) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                // a failed relay is a failed connection for the client, which the test observes
            }
        }
    }

    private void pump(Socket from, Socket to, boolean scan) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            int matched = 0; // bytes of TOKEN_REQUEST matched so far, across reads
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    if (scan) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == TOKEN_REQUEST[matched]) {
                                if (++matched == TOKEN_REQUEST.length) {
                                    tokenRequests.incrementAndGet();
                                    matched = 0;
                                }
                            } else {
                                matched = buffer[i] == TOKEN_REQUEST[0] ? 1 : 0;
                            }
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // connection closed by either side
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "keystone-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
