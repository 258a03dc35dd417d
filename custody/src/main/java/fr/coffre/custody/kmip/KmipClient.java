package fr.coffre.custody.kmip;

import fr.coffre.custody.internal.TransientCustodyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal KMIP 1.2–1.4 client: one request with one batch item per call, binary TTLV over mutual TLS, server
 * name checked against its certificate, connect and read timeouts, and a small pool of idle connections reused
 * across calls. A connection that failed in any way is closed, never reused. Thread-safe.
 */
public final class KmipClient implements AutoCloseable {
    // tags (KMIP 1.x §9.1.3.1)
    static final int REQUEST_MESSAGE = 0x420078;
    static final int RESPONSE_MESSAGE = 0x42007B;
    static final int REQUEST_HEADER = 0x420077;
    static final int RESPONSE_HEADER = 0x42007A;
    static final int PROTOCOL_VERSION = 0x420069;
    static final int PROTOCOL_VERSION_MAJOR = 0x42006A;
    static final int PROTOCOL_VERSION_MINOR = 0x42006B;
    static final int BATCH_COUNT = 0x42000D;
    static final int BATCH_ITEM = 0x42000F;
    static final int OPERATION = 0x42005C;
    static final int UNIQUE_BATCH_ITEM_ID = 0x420093;
    static final int REQUEST_PAYLOAD = 0x420079;
    static final int RESPONSE_PAYLOAD = 0x42007C;
    static final int RESULT_STATUS = 0x42007F;
    static final int RESULT_REASON = 0x42007E;
    static final int RESULT_MESSAGE = 0x42007D;

    /** Result reason "Item Not Found". */
    static final int REASON_ITEM_NOT_FOUND = 0x01;

    private final SSLSocketFactory sockets;
    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int protocolMinor;
    private final int maxMessageBytes;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong batchItems =
            new java.util.concurrent.atomic.AtomicLong(new java.security.SecureRandom().nextLong());

    /** The server answered Operation Failed. Its message is the server's, which names no secret of ours. */
    static final class KmipFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int reason;

        KmipFailure(int operation, int reason, String message) {
            super(String.format("KMIP operation 0x%02X failed: reason 0x%02X%s", operation, reason,
                    message == null ? "" : " (" + (message.length() > 200 ? message.substring(0, 200) : message) + ")"));
            this.reason = reason;
        }
    }

    private record Connection(SSLSocket socket, OutputStream out, InputStream in) {
        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    /** A client of {@code host:port}; connects lazily, at the first call. */
    public KmipClient(SSLSocketFactory sockets, String host, int port, Duration connectTimeout, Duration readTimeout,
               int poolSize, int protocolMinor, int maxMessageBytes) {
        this.sockets = sockets;
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.protocolMinor = protocolMinor;
        this.maxMessageBytes = maxMessageBytes;
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    int protocolMinor() {
        return protocolMinor;
    }

    /**
     * Sends one operation and returns its response payload (null if the server sent none).
     *
     * @throws KmipFailure if the server reports Operation Failed
     * @throws TransientCustodyException on I/O errors, timeouts or malformed responses
     */
    Ttlv call(int operation, List<Ttlv> payload) {
        if (closed) {
            throw new TransientCustodyException("KMIP client closed", null);
        }
        byte[] batchItemId = nextBatchItemId();
        Ttlv request = Ttlv.struct(REQUEST_MESSAGE,
                Ttlv.struct(REQUEST_HEADER, version(), Ttlv.integer(BATCH_COUNT, 1)),
                Ttlv.struct(BATCH_ITEM, Ttlv.enumeration(OPERATION, operation),
                        Ttlv.bytes(UNIQUE_BATCH_ITEM_ID, batchItemId), Ttlv.struct(REQUEST_PAYLOAD, payload)));
        byte[] bytes = TtlvCodec.encode(request);
        Connection c = null;
        Ttlv response;
        try {
            c = borrow();
            c.out().write(bytes);
            c.out().flush();
            response = TtlvCodec.read(c.in(), maxMessageBytes);
            if (response == null) {
                throw new TtlvException("connection closed by the server before a response");
            }
        } catch (IOException | TtlvException e) {
            if (c != null) {
                c.close();
            }
            throw new TransientCustodyException("KMIP " + host + ":" + port + ": exchange failed ("
                    + e.getClass().getSimpleName() + ")", e);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0); // may hold a data key (Encrypt)
        }
        release(c);
        return payloadOf(operation, batchItemId, response);
    }

    private Ttlv version() {
        return Ttlv.struct(PROTOCOL_VERSION, Ttlv.integer(PROTOCOL_VERSION_MAJOR, 1), Ttlv.integer(PROTOCOL_VERSION_MINOR, protocolMinor));
    }

    /** A fresh Unique Batch Item ID: 8 bytes, never twice in this client (a counter after a random start). */
    private byte[] nextBatchItemId() {
        return java.nio.ByteBuffer.allocate(8).putLong(batchItems.incrementAndGet()).array();
    }

    /**
     * The payload of the one batch item of {@code response}, checked to answer this very request: same operation
     * and, when the server echoes it (KMIP servers do when the request carries one), the same Unique Batch Item ID.
     */
    Ttlv payloadOf(int operation, byte[] batchItemId, Ttlv response) {
        try {
            if (response.tag() != RESPONSE_MESSAGE) {
                throw new TtlvException(String.format("expected a Response Message, got tag 0x%06X", response.tag()));
            }
            Ttlv header = response.get(RESPONSE_HEADER);
            if (header.get(PROTOCOL_VERSION).get(PROTOCOL_VERSION_MAJOR).asInt() != 1) {
                throw new TtlvException("server answered with a KMIP major version other than 1");
            }
            List<Ttlv> items = response.all(BATCH_ITEM);
            if (items.size() != 1 || header.get(BATCH_COUNT).asInt() != 1) {
                throw new TtlvException("expected exactly one batch item, got " + items.size());
            }
            Ttlv item = items.get(0);
            Ttlv op = item.find(OPERATION);
            if (op != null && op.asInt() != operation) {
                throw new TtlvException("response is for another operation");
            }
            Ttlv echoed = item.find(UNIQUE_BATCH_ITEM_ID);
            if (echoed != null && !java.security.MessageDigest.isEqual(echoed.asBytes(), batchItemId)) {
                throw new TtlvException("response is for another request (its Unique Batch Item ID differs)");
            }
            int status = item.get(RESULT_STATUS).asInt();
            if (status != 0) {
                Ttlv reason = item.find(RESULT_REASON);
                Ttlv message = item.find(RESULT_MESSAGE);
                throw new KmipFailure(operation, reason == null ? 0 : reason.asInt(), message == null ? null : message.asText());
            }
            return item.find(RESPONSE_PAYLOAD);
        } catch (TtlvException e) {
            throw new TransientCustodyException("KMIP " + host + ":" + port + ": malformed response", e);
        }
    }

    private Connection borrow() throws IOException {
        Connection c = idle.poll();
        if (c != null && !c.socket().isClosed()) {
            return c;
        }
        SSLSocket s = (SSLSocket) sockets.createSocket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            s.setTcpNoDelay(true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the server certificate must name host
            s.setSSLParameters(p);
            s.startHandshake();
            // unbuffered: TtlvCodec.read takes the 8-byte header then the exact body, and zeroes its own copy; a
            // BufferedInputStream would keep another copy of each response (key bytes in fetch-then-wrap) in its buffer
            return new Connection(s, s.getOutputStream(), s.getInputStream());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void release(Connection c) {
        if (closed || !idle.offer(c)) {
            c.close();
        }
    }

    /** Drops every idle connection (after a failure, the next call opens a fresh one). */
    void dropIdle() {
        Connection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        dropIdle();
    }

    @Override
    public String toString() {
        return "KmipClient[" + host + ":" + port + ", KMIP 1." + protocolMinor + "]";
    }
}
