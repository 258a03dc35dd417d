package fr.coffre.hadoop;

import fr.coffre.core.Coffre;
import fr.coffre.core.PutOptions;
import fr.coffre.core.StagedNames;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.SealedMetadata;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rename as Coffre can do it: every object is bound to its name, so each one is read (authenticated), re-encrypted
 * under the new name with the same collection's data key, content type and sealed metadata, and only when every
 * copy succeeded are the originals deleted. An output committer's moves (a staged name to its destination or
 * another staged name of it, {@link StagedNames}) copy the ciphertext instead ({@link Coffre#copyStaged}),
 * server-side where the store can. A failure deletes the copies made so far and leaves the originals. Not
 * atomic: a reader may see both names for a moment. The objects of a directory are copied, then deleted, several at
 * a time.
 */
final class Copies {
    private final Coffre coffre;
    private final java.util.concurrent.ExecutorService pool;

    /** {@code pool} runs the copies and then the deletes, {@value Fanout#PARALLELISM} at a time. */
    Copies(Coffre coffre, java.util.concurrent.ExecutorService pool) {
        this.coffre = coffre;
        this.pool = pool;
    }

    /** What the connector writes under: the collection's data key, recorded in the sealed metadata. */
    static PutOptions connectorOptions(String collection) {
        return PutOptions.builder().collection(collection).metadata(CoffreFileSystem.OWNER_KEY, collection).build();
    }

    /** Moves the object {@code from} (if {@code file}) or every object under {@code from/} to {@code to}. */
    void move(String from, String to, boolean file) throws IOException {
        List<String> sources;
        if (file) {
            sources = List.of(from);
        } else {
            try (Stream<String> s = coffre.list(from + "/")) {
                sources = s.toList();
            } catch (RuntimeException e) {
                throw Errors.io(e);
            }
        }
        List<String> targets = sources.stream().map(source -> to + source.substring(from.length())).toList();
        List<Integer> indexes = java.util.stream.IntStream.range(0, sources.size()).boxed().toList();
        java.util.Set<String> copied = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try {
            Fanout.map(pool, indexes, i -> {
                copy(sources.get(i), targets.get(i));
                copied.add(targets.get(i));
                return i;
            });
        } catch (IOException e) {
            copied.forEach(this::deleteQuietly);
            throw e;
        }
        Fanout.map(pool, sources, source -> {
            coffre.delete(source);
            return source;
        });
    }

    private void copy(String source, String target) throws IOException {
        if (StagedNames.sameDestination(source, target)) {   // a committer's move: the ciphertext is valid at both
            coffre.copyStaged(source, target);
            return;
        }
        try (DecryptedObject o = coffre.get(source)) {
            SealedMetadata m = o.metadata();
            String owner = m.user().get(CoffreFileSystem.OWNER_KEY);
            if (owner == null) {
                throw new RenameRefusedException("object " + coffre.storeName(source) + ": not written by the"
                        + " Hadoop connector, so its data key's owner is unknown; re-encrypting it under another name"
                        + " could detach it from its subject's key (crypto-shredding). Move it with the application"
                        + " that wrote it");
            }
            PutOptions.Builder b = PutOptions.builder().collection(owner).contentType(m.contentType());
            for (Map.Entry<String, String> e : m.user().entrySet()) {
                b.metadata(e.getKey(), e.getValue());
            }
            coffre.put(target, o.content(), b.build());
        }
    }

    private void deleteQuietly(String name) {
        try {
            coffre.delete(name);
        } catch (RuntimeException ignored) {
            // the copy stays behind under the new name; the originals are intact
        }
    }
}
