package fr.coffre.store.cleanup;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import fr.coffre.store.Leftover;
import fr.coffre.store.TestServers;
import java.util.ArrayList;
import java.util.List;

/**
 * Azure Blob (Azurite): a killed writer leaves uncommitted blocks: on a new name, a blob with no committed content;
 * on a committed object, blocks staged against it (Azurite keeps both until the blob's next commit).
 */
class AzureCleanupFaultIT extends CleanupFaultContract {

    @Override
    protected FaultStores kind() {
        return FaultStores.AZURE;
    }

    @Override
    protected List<String> rawState() {
        BlobContainerClient c = new BlobServiceClientBuilder().endpoint("http://127.0.0.1:"
                + TestServers.AZURITE_PORT + "/" + TestServers.AZURITE_ACCOUNT).credential(
                new StorageSharedKeyCredential(TestServers.AZURITE_ACCOUNT, TestServers.AZURITE_KEY))
                .buildClient().getBlobContainerClient(where);
        List<String> raw = new ArrayList<>();
        for (BlobItem item : c.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails()
                .setRetrieveUncommittedBlobs(true)), null)) {
            BlockList blocks = c.getBlobClient(item.getName()).getBlockBlobClient().listBlocks(BlockListType.ALL);
            raw.add(item.getName() + " committed=" + blocks.getCommittedBlocks().size() + " uncommitted="
                    + blocks.getUncommittedBlocks().size());
        }
        raw.sort(null);
        return raw;
    }

    @Override
    protected List<Leftover.Kind> expectedLeftovers() {
        return List.of(Leftover.Kind.UNCOMMITTED_BLOB, Leftover.Kind.UNCOMMITTED_BLOCKS);
    }
}
