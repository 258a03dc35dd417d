package fr.coffre.store.azure;

import fr.coffre.SecretBytes;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ProviderPresets;
import fr.coffre.store.RemoteStoreContract;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.TestServers;
import fr.coffre.store.WholeReads;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The conformance suite on Azure Blob through the Azure Storage SDK, against Azurite (scripts/servers/azurite.sh). */
class AzureBlobStoreIT extends RemoteStoreContract {

    private static final long MIB = 1024 * 1024;

    @BeforeAll
    static void serverIsUp() {
        TestServers.require("azurite", TestServers.AZURITE_PORT);
    }

    @Override
    protected ObjectStore open(int port, String container, boolean rightCredentials) {
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/" + TestServers.AZURITE_ACCOUNT);
        String key = rightCredentials ? TestServers.AZURITE_KEY : Base64.getEncoder().encodeToString(new byte[64]);
        return AzureStores.open(ProviderPresets.azure(TestServers.AZURITE_ACCOUNT, container, endpoint),
                StoreCredentials.azureSharedKey(SecretBytes.wrap(key.getBytes(StandardCharsets.UTF_8))),
                streamedPutMinBytes());
    }

    /** Smallest known length sent as one streamed Put Blob; -1: the default (more than one part). */
    protected long streamedPutMinBytes() {
        return -1;
    }

    @Override
    protected int serverPort() {
        return TestServers.AZURITE_PORT;
    }

    @Nested
    class ParallelChunkedReads {
        @Test
        void aBlockBlobReadsBackWholeThroughPinnedChunks() throws IOException {
            // unknown length: staged blocks, read back as 11 chunks
            WholeReads.putAndReadBack(store, p + "blocks", 61, 40 * MIB + 5, false);
        }

        @Test
        void aBlobOfExactlyOneChunkIsOneResponse() throws IOException {
            WholeReads.putAndReadBack(store, p + "one", 62, 4 * MIB, true);
        }

        @Test
        void anOverwriteDuringTheReadFailsTheReadInsteadOfMixingVersions() throws IOException {
            WholeReads.overwriteDuringTheReadFailsIt(store, p + "ow", 63, 64 * MIB);
        }
    }
}
