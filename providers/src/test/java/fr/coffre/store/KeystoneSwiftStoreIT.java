package fr.coffre.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on OpenStack Swift's native API authenticated through Keystone v3 (project, domain, region
 * from the service catalogue, 20-second tokens), as OVHcloud runs it: scripts/servers/keystone.sh. The store is
 * opened exactly as a user opens it, from a {@code swift://} URI and password credentials.
 *
 * <p>The Swift endpoint comes from the catalogue, so the ranged-read test's byte counter cannot be put in front of
 * it by changing a URL: the store is then opened on region {@code RBX}, whose catalogue endpoint is a fixed port
 * where this test relays to the counter.
 */
class KeystoneSwiftStoreIT extends RemoteStoreContract {

    @BeforeAll
    static void serversAreUp() {
        KeystoneTestServer.require();
    }

    @Override
    protected int serverPort() {
        return KeystoneTestServer.SWIFT_PORT;
    }

    @Override
    protected ObjectStore open(int port, String container, boolean rightCredentials) {
        StoreCredentials credentials = KeystoneTestServer.swiftCredentials(rightCredentials);
        if (port == serverPort()) {
            return ObjectStores.open(StoreUri.parse(KeystoneTestServer.swiftUri(container,
                    KeystoneTestServer.KEYSTONE_PORT, KeystoneTestServer.get("region"),
                    KeystoneTestServer.get("project"))), credentials);
        }
        // through 127.0.0.1:port (a test's counter): the catalogue's RBX endpoint, relayed there for this store
        KeystoneRelay relay;
        try {
            relay = KeystoneRelay.to(Integer.parseInt(KeystoneTestServer.get("relayPort")), port);
        } catch (IOException e) {
            throw new UncheckedIOException("the relay port of region RBX is taken", e);
        }
        ObjectStore store = ObjectStores.open(StoreUri.parse(KeystoneTestServer.swiftUri(container,
                KeystoneTestServer.KEYSTONE_PORT, KeystoneTestServer.get("relayRegion"),
                KeystoneTestServer.get("project"))), credentials);
        return new ClosingWith(store, relay);
    }

    /** A store that also closes the relay it was reached through. */
    private static final class ClosingWith extends ForwardingStore {
        private final AutoCloseable also;

        ClosingWith(ObjectStore store, AutoCloseable also) {
            super(store);
            this.also = also;
        }

        @Override
        public boolean exists(String name) {
            return delegate.exists(name); // the adapter's own (one request), as the unwrapped store does
        }

        @Override
        public void close() {
            try {
                delegate.close();
            } finally {
                try {
                    also.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the relay", e);
                }
            }
        }
    }
}
