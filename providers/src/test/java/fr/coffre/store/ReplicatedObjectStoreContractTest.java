package fr.coffre.store;

import fr.coffre.store.jclouds.JcloudsStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The conformance suite on a replicated store of three replicas (in-memory, and two filesystem stores in different
 * directories: distinct descriptors, one container name), write quorum 2.
 */
class ReplicatedObjectStoreContractTest extends ObjectStoreContract {
    private static final Path BASE;

    static {
        try {
            BASE = Files.createTempDirectory("coffre-replicated-contract");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected ObjectStore openStore(String container) {
        return ObjectStores.replicated(ReplicationSettings.builder()
                .replica(JcloudsStores.memory(container))
                .replica(ObjectStores.filesystem(BASE.resolve("a").resolve(container)))
                .replica(ObjectStores.filesystem(BASE.resolve("b").resolve(container)))
                .build());
    }

    @Override
    protected BadCredentials openStoreWithBadCredentials(String container) {
        return BadCredentials.notApplicable("its replicas here (memory, filesystem) take no credentials");
    }

    @Override
    protected long largeObjectBytes() {
        return 16L * 1024 * 1024;
    }
}
