package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import java.time.Instant;

/** One key version as the custodian reports it. */
public record KeyVersionInfo(KeyRef ref, KeyState state, Instant createdAt) {
    public KeyVersionInfo {
        if (ref == null || state == null || createdAt == null) {
            throw new InvalidInputException("ref, state and createdAt: must be non-null");
        }
    }
}
