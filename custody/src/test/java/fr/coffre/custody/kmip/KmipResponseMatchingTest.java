package fr.coffre.custody.kmip;

import static fr.coffre.custody.kmip.KmipClient.BATCH_COUNT;
import static fr.coffre.custody.kmip.KmipClient.BATCH_ITEM;
import static fr.coffre.custody.kmip.KmipClient.OPERATION;
import static fr.coffre.custody.kmip.KmipClient.PROTOCOL_VERSION;
import static fr.coffre.custody.kmip.KmipClient.PROTOCOL_VERSION_MAJOR;
import static fr.coffre.custody.kmip.KmipClient.PROTOCOL_VERSION_MINOR;
import static fr.coffre.custody.kmip.KmipClient.RESPONSE_HEADER;
import static fr.coffre.custody.kmip.KmipClient.RESPONSE_MESSAGE;
import static fr.coffre.custody.kmip.KmipClient.RESPONSE_PAYLOAD;
import static fr.coffre.custody.kmip.KmipClient.RESULT_STATUS;
import static fr.coffre.custody.kmip.KmipClient.UNIQUE_BATCH_ITEM_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.custody.internal.TransientCustodyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

/** A response is accepted only for the request it answers: same operation, same Unique Batch Item ID if echoed. */
class KmipResponseMatchingTest {
    private static final int GET = 0x0A;
    private static final int PAYLOAD_MARKER = 0x420094;
    private final KmipClient client = new KmipClient((SSLSocketFactory) SSLSocketFactory.getDefault(), "127.0.0.1", 1,
            Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 4, 1 << 20);
    private final byte[] ours = {0, 0, 0, 0, 0, 0, 0, 42};

    private static Ttlv response(int operation, byte[] batchItemId) {
        List<Ttlv> item = new ArrayList<>();
        item.add(Ttlv.enumeration(OPERATION, operation));
        if (batchItemId != null) {
            item.add(Ttlv.bytes(UNIQUE_BATCH_ITEM_ID, batchItemId));
        }
        item.add(Ttlv.enumeration(RESULT_STATUS, 0));
        item.add(Ttlv.struct(RESPONSE_PAYLOAD, Ttlv.integer(PAYLOAD_MARKER, 7)));
        return Ttlv.struct(RESPONSE_MESSAGE,
                Ttlv.struct(RESPONSE_HEADER, Ttlv.struct(PROTOCOL_VERSION, Ttlv.integer(PROTOCOL_VERSION_MAJOR, 1),
                        Ttlv.integer(PROTOCOL_VERSION_MINOR, 4)), Ttlv.integer(BATCH_COUNT, 1)),
                Ttlv.struct(BATCH_ITEM, item));
    }

    @Test
    void theResponseEchoingOurBatchItemIdIsAccepted() {
        assertEquals(7, client.payloadOf(GET, ours, response(GET, ours.clone())).get(PAYLOAD_MARKER).asInt());
    }

    @Test
    void aResponseWithoutABatchItemIdIsMatchedByOperationOnly() {
        assertEquals(7, client.payloadOf(GET, ours, response(GET, null)).get(PAYLOAD_MARKER).asInt());
    }

    @Test
    void aStaleResponseToAnotherRequestIsRefused() {
        byte[] other = ours.clone();
        other[7] = 41;
        TransientCustodyException e = assertThrows(TransientCustodyException.class,
                () -> client.payloadOf(GET, ours, response(GET, other)));
        assertTrue(e.getCause().getMessage().contains("Unique Batch Item ID"), e.getCause().getMessage());
    }

    @Test
    void aResponseForAnotherOperationIsRefused() {
        assertThrows(TransientCustodyException.class, () -> client.payloadOf(GET, ours, response(0x01, ours.clone())));
    }
}
