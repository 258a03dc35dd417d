package fr.coffre.store.azure;

import fr.coffre.crypto.SecretBytes;
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

    static ObjectStore open(int port, String container, String key) {
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/" + TestServers.AZURITE_ACCOUNT);
        return AzureStores.open(ProviderPresets.azure(TestServers.AZURITE_ACCOUNT, container, endpoint),
                StoreCredentials.azureSharedKey(SecretBytes.wrap(key.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    protected ObjectStore openStore(String container) {
        return open(TestServers.AZURITE_PORT, container, TestServers.AZURITE_KEY);
    }

    @Override
    protected BadCredentials openStoreWithBadCredentials(String container) {
        String wrongKey = Base64.getEncoder().encodeToString(new byte[64]);
        return BadCredentials.store(open(TestServers.AZURITE_PORT, container, wrongKey));
    }

    @Override
    protected int serverPort() {
        return TestServers.AZURITE_PORT;
    }

    @Override
    protected ObjectStore openStoreThrough(int port, String container) {
        return open(port, container, TestServers.AZURITE_KEY);
    }
}
