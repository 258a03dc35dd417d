package fr.coffre.store.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockList;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The leftovers of {@link AzureBlobStore}: blocks a killed block upload staged and never committed. The service
 * keeps them (Azure for a week; Azurite until the blob's next commit):
 * <ul>
 *   <li>on a new name, a blob with no committed content ({@link Leftover.Kind#UNCOMMITTED_BLOB}), listed only
 *       with uncommitted blobs included (both listings are walked side by side): removed by committing an empty block list
 *       ({@code If-None-Match: *}, so an object committed meanwhile stays) and deleting it;</li>
 *   <li>on a committed object ({@link Leftover.Kind#UNCOMMITTED_BLOCKS}): discarded by re-committing the object's
 *       own committed block list ({@code If-Match} its ETag): same content, new ETag and date. The blocks' age is
 *       not known, so only a cleanup of any age ({@code Duration.ZERO}) looks for them (one block-list request per
 *       blob) and may fail an overwrite still in flight; an object stored by one Put Blob has no committed block
 *       list to re-commit, and its staged blocks stay until its next write.</li>
 * </ul>
 */
final class AzureLeftovers {

    private final BlobContainerClient container;

    AzureLeftovers(BlobContainerClient container) {
        this.container = container;
    }

    List<Leftover> find(Duration olderThan, Instant now) {
        ListBlobsOptions options = new ListBlobsOptions().setDetails(new BlobListDetails()
                .setRetrieveUncommittedBlobs(true));
        List<Leftover> found = new ArrayList<>();
        // both listings are in name order: walked side by side, a name only the first has is uncommitted
        Iterator<BlobItem> committedItems = container.listBlobs().iterator();
        String committedName = null;
        for (BlobItem item : container.listBlobs(options, null)) {
            while (committedItems.hasNext()
                    && (committedName == null || committedName.compareTo(item.getName()) < 0)) {
                committedName = committedItems.next().getName();
            }
            BlockBlobClient blob = blob(item.getName());
            boolean committed = item.getName().equals(committedName);
            Duration age = committed ? Duration.ZERO : Leftover.age(item.getProperties().getLastModified() == null
                    ? null : item.getProperties().getLastModified().toInstant(), now);
            if (age.compareTo(olderThan) < 0) {
                continue;
            }
            BlockList blocks = blob.listBlocks(BlockListType.ALL);
            long staged = blocks.getUncommittedBlocks().stream().mapToLong(Block::getSizeLong).sum();
            if (!committed) {
                found.add(new Leftover(Leftover.Kind.UNCOMMITTED_BLOB, item.getName(), staged, age));
            } else if (!blocks.getUncommittedBlocks().isEmpty() && !blocks.getCommittedBlocks().isEmpty()) {
                found.add(new Leftover(Leftover.Kind.UNCOMMITTED_BLOCKS, item.getName(), staged, age));
            }
        }
        return found;
    }

    void remove(Leftover leftover) {
        BlockBlobClient blob = blob(leftover.id());
        switch (leftover.kind()) {
            case UNCOMMITTED_BLOB -> {
                if (commit(blob, List.of(), new BlobRequestConditions().setIfNoneMatch("*"))) {
                    blob.delete();
                }
            }
            case UNCOMMITTED_BLOCKS -> {
                String etag = blob.getProperties().getETag();
                List<String> ids = blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks().stream()
                        .map(Block::getName).toList();
                if (!ids.isEmpty()) {
                    commit(blob, ids, new BlobRequestConditions().setIfMatch(etag));
                }
            }
            default -> throw new InvalidInputException("leftover: not uncommitted blocks of an Azure store");
        }
    }

    /** Commits {@code ids} under {@code conditions}; false if the blob changed meanwhile (412, 409). */
    private static boolean commit(BlockBlobClient blob, List<String> ids, BlobRequestConditions conditions) {
        try {
            blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids)
                    .setRequestConditions(conditions), null, null);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    private BlockBlobClient blob(String name) {
        return container.getBlobClient(name).getBlockBlobClient();
    }
}
