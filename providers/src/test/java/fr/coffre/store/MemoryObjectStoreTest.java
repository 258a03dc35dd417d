package fr.coffre.store;

import fr.coffre.store.jclouds.JcloudsStores;

/** The conformance suite on the in-memory store (jclouds {@code transient}). */
class MemoryObjectStoreTest extends ObjectStoreContract {

    @Override
    protected ObjectStore openStore(String container) {
        return JcloudsStores.memory(container);
    }

    @Override
    protected BadCredentials openStoreWithBadCredentials(String container) {
        return BadCredentials.notApplicable("the in-memory store lives inside the JVM and takes no credentials");
    }
}
