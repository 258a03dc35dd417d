package fr.coffre.core.migration;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.core.RegistryMismatchException;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.crypto.UnsupportedFormatException;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One object compared at both sides (by {@link Verification}, and by a {@linkplain Migration#runVerified verified
 * migration} for what it did not copy): sizes, then the source's ciphertext SHA-256 against the destination's
 * digest; the finding goes to {@link Findings}. An object of {@link #AT_ONCE_BYTES} or more has its source side read
 * on {@code sides} while the calling thread reads the destination side.
 */
final class BothSides {
    /** From this size on, both sides of an object are read at the same time. */
    static final long AT_ONCE_BYTES = 8L * 1024 * 1024;

    private BothSides() {
    }

    /** Threads that read the source side of large objects while the checks' own threads read the destination. */
    static ExecutorService newSidesExecutor(String threadName) {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param atSource null when the destination is verified alone
     * @param destinationSha the destination's ciphertext SHA-256 of a name (its bytes counted in the findings)
     * @throws KeyUnavailableException if custody cannot be reached (nothing can be verified)
     * @throws RegistryMismatchException if the destination belongs to another registry than the Coffre's
     */
    static void compare(ObjectStore source, ObjectInfo atSource, ObjectInfo atDestination, Findings findings,
            Executor sides, Function<String, String> destinationSha) {
        String name = atDestination.name();
        if (atSource != null && atSource.sizeBytes() != atDestination.sizeBytes()) {
            findings.found(name, Difference.Kind.DIFFERING, "size " + atSource.sizeBytes() + " at source, "
                    + atDestination.sizeBytes() + " at destination");
            return;
        }
        try {
            String sourceSha;
            String there;
            if (atSource != null && atDestination.sizeBytes() >= AT_ONCE_BYTES) {
                // a large object would otherwise be read twice in a row, and be the last check of the run
                CompletableFuture<String> atSourceSha = CompletableFuture.supplyAsync(
                        () -> sha256(source, name, findings), sides);
                try {
                    there = destinationSha.apply(name);
                } finally {
                    sourceSha = joined(atSourceSha);
                }
            } else {
                sourceSha = atSource == null ? null : sha256(source, name, findings);
                there = destinationSha.apply(name);
            }
            if (sourceSha != null && !sourceSha.equals(there)) {
                findings.found(name, Difference.Kind.DIFFERING, "ciphertext SHA-256 differs");
            } else {
                findings.identical.incrementAndGet();
            }
        } catch (KeyDestroyedException e) {
            findings.found(name, Difference.Kind.UNVERIFIABLE, "data key destroyed");
        } catch (TamperedObjectException | UnsupportedFormatException e) {
            findings.found(name, Difference.Kind.TAMPERED, e.getClass().getSimpleName());
        } catch (KeyUnavailableException | RegistryMismatchException e) {
            throw e;   // custody unreachable, or a Coffre on another registry: nothing can be verified
        } catch (RuntimeException e) {
            findings.found(name, Difference.Kind.UNVERIFIABLE, e.getClass().getSimpleName());
        }
    }

    /** SHA-256 of a stored object streamed whole, its length added to the findings' checked bytes. */
    static String sha256(ObjectStore store, String name, Findings findings) {
        MessageDigest sha = Digests.sha256();
        try (InputStream in = new DigestInputStream(store.get(name), sha)) {
            findings.checkedBytes.addAndGet(in.transferTo(OutputStream.nullOutputStream()));
        } catch (IOException e) {
            throw new StoreUnavailableException("verify: reading " + name + " failed", e);
        }
        return Digests.hex(sha.digest());
    }

    /** The future's value, or the unchecked exception it failed with. */
    private static String joined(CompletableFuture<String> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
