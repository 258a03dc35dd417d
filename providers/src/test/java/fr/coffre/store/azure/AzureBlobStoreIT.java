package fr.coffre.store.azure;

import fr.coffre.SecretBytes;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ProviderPresets;
import fr.coffre.store.RemoteStoreContract;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.TestServers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on Azure Blob through the Azure Storage SDK, against Azurite (scripts/servers/azurite.sh). */
class AzureBlobStoreIT extends RemoteStoreContract {

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
}
