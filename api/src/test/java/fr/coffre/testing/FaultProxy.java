package fr.coffre.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a real test server on 127.0.0.1, which tests script to misbehave like a network
 * or a server would: reset connections, stall, cut responses short, slow them down, answer HTTP 500/503 (see
 * {@link Fault}), cut every live connection ({@link #cut()}) or refuse all ({@link #outage(boolean)}). It also counts
 * connections, HTTP requests and bytes each way, so tests can check what a client really sent (retries, ranges).
 *
 * <p>{@link #http} relays HTTP/1.1 and sees each request (faults may hit one request of a kept-alive connection);
 * {@link #tcp} relays opaque bytes (TLS, KMIP) and faults hit whole connections. Not a mock: every forwarded byte
 * goes to and comes from the real server. Traffic stays on 127.0.0.1; every delay is bounded and ends at
 * {@link #close()}.
 */
public final class FaultProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final boolean http;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<Relay> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong toServer = new AtomicLong();
    private final AtomicLong toClient = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean outage;

    private FaultProxy(int targetPort, boolean http) throws IOException {
        this.targetPort = targetPort;
        this.http = http;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "fault-proxy-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** An HTTP/1.1-aware proxy to 127.0.0.1:{@code targetPort}. */
    public static FaultProxy http(int targetPort) throws IOException {
        return new FaultProxy(targetPort, true);
    }

    /** An opaque-bytes proxy to 127.0.0.1:{@code targetPort} (TLS, KMIP): faults hit whole connections. */
    public static FaultProxy tcp(int targetPort) throws IOException {
        return new FaultProxy(targetPort, false);
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Adds {@code fault} after the others; on each exchange the first fault that hits it applies. */
    public FaultProxy inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Removes every fault: from now on the proxy relays faithfully. */
    public FaultProxy clearFaults() {
        faults.clear();
        return this;
    }

    /** While on, every live connection is cut and every new one is reset at once (the server seems down). */
    public void outage(boolean on) {
        outage = on;
        if (on) {
            cut();
        }
    }

    /** Closes every relayed connection (both sides); keeps listening. */
    public void cut() {
        for (Relay r : live) {
            r.cut();
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** HTTP requests seen so far (faulted ones included), as {@code "METHOD target"}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** HTTP requests seen so far of {@code method} whose target starts with {@code targetPrefix}. */
    public int requests(String method, String targetPrefix) {
        String prefix = method + " " + targetPrefix;
        return (int) requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    /** Bytes forwarded to clients since the last {@link #resetCounters()}. */
    public long bytesToClient() {
        return toClient.get();
    }

    /** Bytes forwarded to the server since the last {@link #resetCounters()}. */
    public long bytesToServer() {
        return toServer.get();
    }

    /** Zeroes the byte counters and forgets the requests seen. */
    public void resetCounters() {
        toClient.set(0);
        toServer.set(0);
        requests.clear();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            Socket server = new Socket();
            Relay relay = new Relay(this, client, server);
            if (outage) {
                relay.reset();
                continue;
            }
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
            } catch (IOException e) {
                relay.reset(); // the real server is down: the client sees a reset
                continue;
            }
            live.add(relay);
            relay.start(http, http ? null : exchange(null, null));
        }
    }

    /** Records one exchange and returns the fault that hits it, if any. */
    Fault exchange(String method, String target) {
        if (method != null) {
            requests.add(method + " " + target);
        }
        Fault hit = null;
        for (Fault f : new ArrayList<>(faults)) {
            if (f.hits(method, target) && hit == null) {
                hit = f;
            }
        }
        return hit;
    }

    void countToServer(long n) {
        toServer.addAndGet(n);
    }

    void countToClient(long n) {
        toClient.addAndGet(n);
    }

    void ended(Relay relay) {
        live.remove(relay);
    }

    /** Waits {@code d}, or less if the proxy closes first. */
    void sleep(Duration d) throws IOException {
        try {
            if (closed.await(d.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IOException("proxy closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        listener.close();
        cut();
    }
}
