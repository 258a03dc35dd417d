package fr.coffre.store.jclouds;

import fr.coffre.store.StoreException;
import fr.coffre.store.StoreFaultContract;
import fr.coffre.store.TestServers;

/** Network and server faults ({@link StoreFaultContract}) on OpenStack Swift's native API through jclouds. */
class SwiftFaultIT extends StoreFaultContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.SWIFT;
    }

    @Override
    protected int requestsPerAttempt() {
        return 2;
    }

    /**
     * Known limit: jclouds sends {@code Expect: 100-continue}, and the JDK HTTP client reports a status answered
     * before the body as a {@code ProtocolException} without the status, which RemoteJcloudsStore maps to a
     * permanent "rejected before the body was sent" StoreException (it cannot tell a 500 from a 413).
     */
    @Override
    protected Class<? extends StoreException> persistent500OnPut() {
        return StoreException.class;
    }
}
