package fr.coffre.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads HTTP/1.1 request heads off a socket, for test servers and relays on loopback. */
public final class HttpHeads {

    /** The longest head read. */
    public static final int MAX_BYTES = 64 * 1024;

    private HttpHeads() {
    }

    /**
     * The request head up to and including its blank line; null at a clean end of stream.
     *
     * @throws IOException if the stream ends within a head or the head is longer than {@link #MAX_BYTES}
     */
    public static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toByteArray();
            }
            if (head.size() > MAX_BYTES) {
                throw new IOException("request head too long");
            }
        }
        if (head.size() > 0) {
            throw new IOException("request head cut short");
        }
        return null;
    }
}
