package fr.coffre.store.jclouds;

import fr.coffre.testing.HttpHeads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP endpoint for unit tests of the jclouds HTTP layer: it answers every request with one status as
 * soon as it has read the request's head, never reading a body (as a server refusing a PUT before its body, answering
 * {@code Expect: 100-continue}), and records the request lines. Swift's tempauth ({@code GET /auth/v1.0}) succeeds,
 * so that Swift stores reach their object requests. One connection per request ({@code Connection: close}).
 */
final class StatusServer implements AutoCloseable {

    private final ServerSocket listener;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status;

    StatusServer(int status) throws IOException {
        this.status = status;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "status-server");
        t.setDaemon(true);
        t.start();
    }

    String base() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Request lines seen, {@code "METHOD target"}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long count(String method, String targetPrefix) {
        return requests.stream().filter(r -> r.startsWith(method + " " + targetPrefix)).count();
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(2000);
                byte[] raw = HttpHeads.read(s.getInputStream());
                if (raw == null) {
                    continue;
                }
                String head = new String(raw, StandardCharsets.ISO_8859_1);
                String[] line = head.substring(0, head.indexOf('\r')).split(" ");
                requests.add(line[0] + " " + line[1]);
                OutputStream out = s.getOutputStream();
                String extra = "";
                int answer = status;
                if (line[1].startsWith("/auth/")) {
                    answer = 200;
                    extra = "X-Storage-Url: " + base() + "/v1/AUTH_test\r\nX-Auth-Token: AUTH_tk0\r\n";
                }
                out.write(("HTTP/1.1 " + answer + " Scripted\r\n" + extra
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
                s.setSoTimeout(200);
                drain(s.getInputStream());
            } catch (IOException e) {
                // closed, or the client went away: next connection
            }
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // a body the client sends anyway, discarded
            }
        } catch (SocketTimeoutException e) {
            // bounded
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
