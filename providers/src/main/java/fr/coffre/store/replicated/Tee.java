package fr.coffre.store.replicated;

import fr.coffre.store.internal.UploadSource;
import java.io.IOException;
import java.util.List;

/**
 * Reads the caller's data of one replicated put once, in 64 KiB chunks, and hands each chunk to every live
 * {@link Branch}. Memory stays bounded whatever the object size: a chunk is shared by all branches and at most
 * {@link Branch#DEPTH} + 1 chunks are held per branch. The declared length is enforced by {@link UploadSource}
 * before the last bytes are handed out, so a stream of the wrong length never completes any replica's upload.
 */
final class Tee {
    static final int CHUNK_BYTES = 64 * 1024;

    private Tee() {
    }

    /**
     * Copies {@code source} to {@code branches} and ends them; stops reading early once every branch is abandoned.
     *
     * @return the failure to throw if the caller's stream failed (then every branch was failed), else null
     */
    static RuntimeException copy(UploadSource source, List<Branch> branches, String operation)
            throws InterruptedException {
        boolean ok = false;
        try {
            while (!branches.stream().allMatch(Branch::abandoned)) {
                byte[] buffer = new byte[CHUNK_BYTES];
                int n = source.readNBytes(buffer, 0, buffer.length);
                if (n > 0) {
                    byte[] chunk = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                    for (Branch b : branches) {
                        b.offer(chunk);
                    }
                }
                if (n < buffer.length) {
                    break;
                }
            }
            ok = true;
        } catch (IOException e) {
            // the caller's stream failed or had the wrong length: UploadSource remembers which
        } finally {
            for (Branch b : branches) {
                b.offer(ok ? Branch.END : Branch.FAILED);
            }
        }
        return ok ? null : source.failure(operation);
    }
}
