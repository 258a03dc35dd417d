package fr.coffre.store.jclouds;

import com.google.common.io.ByteSource;
import java.io.InputStream;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;

/**
 * jclouds payloads: repeatable ones over a buffer the uploader owns (signable, retryable, never copied), and
 * one-shot ones over the caller's stream (never replayed by jclouds, whose retry handler only resends repeatable
 * payloads).
 */
final class JcloudsPayloads {

    private JcloudsPayloads() {
    }

    static Payload of(byte[] data, int length) {
        Payload payload = Payloads.newByteSourcePayload(ByteSource.wrap(data).slice(0, length));
        payload.getContentMetadata().setContentLength((long) length);
        return payload;
    }

    /** The caller's stream as a non-repeatable payload of exactly {@code length} bytes (sent in fixed-length mode). */
    static Payload once(InputStream data, long length) {
        Payload payload = Payloads.newInputStreamPayload(data);
        payload.getContentMetadata().setContentLength(length);
        return payload;
    }
}
