package fr.coffre.store.azure;

import fr.coffre.store.StoreFaultContract;
import fr.coffre.store.TestServers;

/** Network and server faults ({@link StoreFaultContract}) on Azure Blob (Azurite) through the Azure Storage SDK. */
class AzureFaultIT extends StoreFaultContract {
    @Override
    protected TestServers.Backend backend() {
        return TestServers.Backend.AZURE;
    }

    /** The Azure SDK's blob input stream re-requests the rest of a range cut short. */
    @Override
    protected boolean resumesCutDownloads() {
        return true;
    }
}
