package fr.coffre.core;

import fr.coffre.store.TestServers;

/** Coffre end to end ({@link BackendCoffreContract}) on Azure Blob (Azurite) through the Azure Storage SDK. */
class AzureCoffreIT extends BackendCoffreContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.AZURE;
    }
}
