package fr.coffre.core;

import fr.coffre.KeyRef;
import java.time.Instant;
import java.util.Optional;

/**
 * What is known of one stored object without decrypting it: its opaque name in the store, its size there, its
 * plaintext length (derived from the size and the COF1 header's segment layout; the header is authenticated only
 * when the object is read; for a size-padded object read authenticated from the object with its data key, and -1
 * if that key was destroyed), when the store last wrote it (if the store says), and the data key it is under (a
 * pseudonymous reference).
 */
public record ObjectStat(String storeName, long storedSizeBytes, long plaintextLengthBytes, Optional<Instant> lastModified,
        KeyRef dataKey) {
}
