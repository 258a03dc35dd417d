package fr.coffre.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection relayed by a {@link FaultProxy}: a request pump (client to server; in HTTP mode it reads each
 * request's head and body framing, so that faults can hit single requests) and a response pump (server to client)
 * that applies the fault armed for the current response. Each pump half-closes its side when its source ends; the
 * last one to finish closes both sockets.
 */
final class Relay {
    private static final int MAX_HEAD_BYTES = HttpHeads.MAX_BYTES;

    private final FaultProxy proxy;
    private final Socket client;
    private final Socket server;
    private final AtomicInteger running = new AtomicInteger(2);
    /** The fault armed for the current response, or null. */
    private volatile Fault armed;
    /** Bytes the armed cut still lets through. */
    private long cutRemaining;
    /** Bytes the request may still send before a RESET_REQUEST fault resets it; -1: no limit. */
    private long requestBudget = -1;
    private volatile long throttleBytesPerSecond;

    Relay(FaultProxy proxy, Socket client, Socket server) {
        this.proxy = proxy;
        this.client = client;
        this.server = server;
    }

    /** Starts both pumps; {@code connectionFault} (TCP mode) applies to the whole connection. */
    void start(boolean http, Fault connectionFault) {
        if (connectionFault != null && !arm(connectionFault)) {
            return;
        }
        thread(http ? this::pumpHttpRequests : this::pumpRawRequests, "fault-proxy-request");
        thread(this::pumpResponses, "fault-proxy-response");
    }

    private static void thread(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Arms {@code f} for what follows; false if it already ended the connection. */
    private boolean arm(Fault f) {
        switch (f.action) {
            case RESET -> {
                reset();
                return false;
            }
            case RESET_REQUEST -> requestBudget = f.amount;
            case THROTTLE_RESPONSE -> throttleBytesPerSecond = f.amount;
            case CUT_RESPONSE, RESET_RESPONSE, STALL_RESPONSE -> {
                synchronized (this) {
                    cutRemaining = f.amount;
                }
            }
            default -> throw new IllegalArgumentException(f + " needs HTTP mode");
        }
        armed = f;
        return true;
    }

    // ------------------------------------------------------------------ client to server

    private void pumpRawRequests() {
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                toServer(out, buf, n);
            }
        } catch (IOException e) {
            // cut, reset, or closed by the other pump
        } finally {
            finish(server);
        }
    }

    private void pumpHttpRequests() {
        try (InputStream raw = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            BufferedInputStream in = new BufferedInputStream(raw, 16 * 1024);
            byte[] head;
            while ((head = HttpHeads.read(in)) != null) {
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String[] line = text.substring(0, text.indexOf('\r')).split(" ");
                String method = line[0];
                String target = line.length > 1 ? line[1] : "";
                Fault f = proxy.exchange(method, target);
                armed = null;
                requestBudget = -1;
                if (f != null && f.action == Fault.Action.STATUS) {
                    answer((int) f.amount, in);
                    return;
                }
                if (f != null && !arm(f)) {
                    return;
                }
                toServer(out, head, head.length);
                forwardBody(text.toLowerCase(Locale.ROOT), in, out);
            }
        } catch (IOException e) {
            // cut, reset, or closed by the other pump
        } finally {
            finish(server);
        }
    }

    private void forwardBody(String lowerHead, BufferedInputStream in, OutputStream out) throws IOException {
        if (lowerHead.contains("\r\ntransfer-encoding: chunked")) {
            long size;
            do {
                String sizeLine = readLine(in);
                toServer(out, (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1), sizeLine.length() + 2);
                size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
                copy(in, out, size == 0 ? 0 : size + 2);
            } while (size > 0);
            String trailer;
            do {
                trailer = readLine(in);
                toServer(out, (trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1), trailer.length() + 2);
            } while (!trailer.isEmpty());
            return;
        }
        int at = lowerHead.indexOf("\r\ncontent-length:");
        if (at >= 0) {
            int end = lowerHead.indexOf('\r', at + 2);
            copy(in, out, Long.parseLong(lowerHead.substring(at + 17, end).trim()));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
            if (s.length() > MAX_HEAD_BYTES) {
                throw new IOException("line too long");
            }
        }
        if (b < 0) {
            throw new IOException("body cut short");
        }
        return s.toString();
    }

    private void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (length > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length));
            if (n < 0) {
                throw new IOException("body cut short");
            }
            toServer(out, buf, n);
            length -= n;
        }
    }

    private void toServer(OutputStream out, byte[] buf, int n) throws IOException {
        int allowed = requestBudget < 0 ? n : (int) Math.min(n, requestBudget);
        out.write(buf, 0, allowed);
        out.flush();
        proxy.countToServer(allowed);
        if (requestBudget >= 0) {
            requestBudget -= allowed;
            if (allowed < n || requestBudget == 0) {
                reset();
                throw new IOException("request reset by fault");
            }
        }
    }

    /** Answers {@code status} without forwarding the request, then reads what the client still sends. */
    private void answer(int status, InputStream in) throws IOException {
        String response = "HTTP/1.1 " + status + " Injected Fault\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        client.shutdownOutput();
        server.close();
        client.setSoTimeout(2000);
        byte[] buf = new byte[16 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // the rest of the request, discarded
            }
        } catch (SocketTimeoutException e) {
            // the client did not close within the bound
        }
    }

    // ------------------------------------------------------------------ server to client

    private void pumpResponses() {
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                Fault f = armed;
                if (f != null && f.action == Fault.Action.STALL_RESPONSE) {
                    armed = null;
                    proxy.sleep(f.duration);
                }
                if (f != null && (f.action == Fault.Action.CUT_RESPONSE || f.action == Fault.Action.RESET_RESPONSE)) {
                    int allowed;
                    synchronized (this) {
                        allowed = (int) Math.min(n, cutRemaining);
                        cutRemaining -= allowed;
                    }
                    toClient(out, buf, allowed);
                    if (allowed < n || cutRemaining == 0) {
                        endResponse(f);
                        return;
                    }
                } else {
                    toClient(out, buf, n);
                }
            }
        } catch (IOException e) {
            // cut, reset, or closed by the other pump
        } finally {
            finish(client);
        }
    }

    private void endResponse(Fault f) throws IOException {
        if (f.action == Fault.Action.RESET_RESPONSE) {
            reset();
        } else {
            client.close();
            server.close();
        }
    }

    private void toClient(OutputStream out, byte[] buf, int n) throws IOException {
        long rate = throttleBytesPerSecond;
        int step = rate > 0 ? (int) Math.max(1, Math.min(n, rate / 20)) : n;
        for (int off = 0; off < n; off += step) {
            int len = Math.min(step, n - off);
            out.write(buf, off, len);
            out.flush();
            proxy.countToClient(len);
            if (rate > 0) {
                proxy.sleep(java.time.Duration.ofNanos(len * 1_000_000_000L / rate));
            }
        }
    }

    // ------------------------------------------------------------------ ending

    /** Resets both sides (RST, not FIN). */
    void reset() {
        for (Socket s : new Socket[] {client, server}) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Closes both sides (FIN). */
    void cut() {
        try {
            client.close();
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private void finish(Socket to) {
        try {
            if (!to.isClosed()) {
                to.shutdownOutput();
            }
        } catch (IOException ignored) {
            // already closed
        }
        if (running.decrementAndGet() == 0) {
            cut();
            proxy.ended(this);
        }
    }
}
