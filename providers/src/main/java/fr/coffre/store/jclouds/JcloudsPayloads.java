package fr.coffre.store.jclouds;

import com.google.common.io.ByteSource;
import org.jclouds.io.Payload;
import org.jclouds.io.Payloads;

/** Repeatable jclouds payloads over a buffer the uploader owns (signable, retryable, never copied). */
final class JcloudsPayloads {

    private JcloudsPayloads() {
    }

    static Payload of(byte[] data, int length) {
        Payload payload = Payloads.newByteSourcePayload(ByteSource.wrap(data).slice(0, length));
        payload.getContentMetadata().setContentLength((long) length);
        return payload;
    }
}
