package fr.coffre.custody;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SPI for a key custody (local keystore, PKCS#11 HSM, KMIP key manager) holding versioned <em>master keys</em>
 * that protect (wrap) data keys.
 *
 * <h2>Security guarantees an implementation must give</h2>
 * <ul>
 *   <li>Master-key material never leaves the custody through this interface; wherever the custody allows it
 *       (HSM, KMIP server-side crypto), it never enters this JVM either.</li>
 *   <li>{@link #protect} output is authenticated and bound to {@code context} and to the exact key reference
 *       (scheme, key id, version): unprotecting with another context, another key or another version fails with
 *       {@link KeyUnavailableException}, never with wrong key bytes. Corrupted wrapped bytes fail the same way.</li>
 *   <li>Key life cycle is enforced by the custodian, not the caller: only the {@link KeyState#ACTIVE} version
 *       protects; {@link KeyState#SUPERSEDED} versions still unprotect; {@link KeyState#RETIRED} versions do
 *       neither ({@link KeyUnavailableException}); {@link KeyState#DESTROYED} versions raise
 *       {@link KeyDestroyedException} and never come back.</li>
 *   <li>Nothing secret (key bytes, PINs, passwords, data keys, contexts) appears in exceptions, logs or
 *       {@code toString}. Messages name the key reference only, so key ids must be opaque (never a patient
 *       identifier).</li>
 *   <li>Implementations are thread-safe and can be shared by all threads of an application.</li>
 * </ul>
 *
 * <h2>Restrictions</h2>
 * <ul>
 *   <li>Key ids follow {@link KeyRef}'s rule ({@code [A-Za-z0-9._-]{1,128}}); anything else is an
 *       {@link fr.coffre.InvalidInputException}, as are null arguments and contexts longer than
 *       {@link #MAX_CONTEXT_BYTES}.</li>
 *   <li>A key reference of another scheme than {@link CustodyDescriptor#scheme()} is not held by this custody:
 *       {@link KeyUnavailableException}.</li>
 *   <li>Each call may cost a round trip to an HSM or key server: callers that unwrap the same data key often
 *       should cache the result (bounded, with expiry, zeroed on eviction).</li>
 * </ul>
 */
public interface KeyCustodian extends AutoCloseable {

    /** Largest {@code context} accepted by {@link #protect} and {@link #unprotect}. */
    int MAX_CONTEXT_BYTES = 4096;

    /** What and where this custody is; used by the policy layer (jurisdiction). */
    CustodyDescriptor descriptor();

    /**
     * Creates master key {@code keyId} at version 1 in custody.
     *
     * @throws fr.coffre.InvalidInputException if the id already exists (in any state, destroyed included) or is
     *     malformed
     */
    KeyRef createKey(String keyId);

    /** Whether any version of {@code keyId} exists (in any state, destroyed included). */
    boolean exists(String keyId);

    /**
     * The {@link KeyState#ACTIVE} version of {@code keyId}: the one {@link #protect} accepts.
     *
     * @throws KeyUnavailableException if the key is unknown
     * @throws KeyDestroyedException if it was destroyed
     */
    KeyRef currentKey(String keyId);

    /** Every version of {@code keyId}, oldest first; empty if the key is unknown. */
    List<KeyVersionInfo> versions(String keyId);

    /**
     * Creates a new version of {@code keyId}, which becomes {@link KeyState#ACTIVE}; the previous active version
     * becomes {@link KeyState#SUPERSEDED} (still unprotects, never protects).
     *
     * @throws KeyUnavailableException if the key is unknown
     * @throws KeyDestroyedException if it was destroyed
     */
    KeyRef rotate(String keyId);

    /**
     * Marks a {@link KeyState#SUPERSEDED} version {@link KeyState#RETIRED}: it no longer unprotects, but stays in
     * custody so that {@link #reinstate} can bring it back.
     *
     * @throws fr.coffre.InvalidInputException if {@code version} is the active one (rotate first)
     * @throws KeyUnavailableException if unknown
     * @throws KeyDestroyedException if destroyed
     */
    void retire(KeyRef version);

    /**
     * Brings a {@link KeyState#RETIRED} version back to {@link KeyState#SUPERSEDED} (unprotects again). A no-op
     * for a version that is not retired.
     *
     * @throws KeyUnavailableException if unknown
     * @throws KeyDestroyedException if destroyed
     */
    void reinstate(KeyRef version);

    /**
     * Destroys one non-active version in custody: everything it protected becomes permanently unreadable.
     * Irreversible.
     *
     * @throws fr.coffre.InvalidInputException if {@code version} is the active one (rotate first)
     * @throws KeyUnavailableException if unknown
     */
    void destroyVersion(KeyRef version);

    /**
     * Destroys every version of {@code keyId} in custody (a tombstone remains so that later use reports
     * {@link KeyDestroyedException}). Irreversible. A no-op if already destroyed.
     *
     * @throws KeyUnavailableException if unknown
     */
    void destroy(String keyId);

    /**
     * Wraps {@code dataKey} under the {@link KeyState#ACTIVE} master key version {@code masterKey}, bound to
     * {@code context} and to {@code masterKey}.
     *
     * @return opaque, versioned wrapped bytes, safe to store anywhere
     * @throws KeyUnavailableException if {@code masterKey} is unknown or not active
     * @throws KeyDestroyedException if it was destroyed
     */
    byte[] protect(KeyRef masterKey, SecretBytes dataKey, byte[] context);

    /**
     * Unwraps bytes made by {@link #protect} with the same key version and context.
     *
     * @throws KeyDestroyedException if that version was destroyed
     * @throws KeyUnavailableException if unknown, retired, or the wrapped bytes/context do not authenticate
     */
    SecretBytes unprotect(KeyRef masterKey, byte[] wrapped, byte[] context);

    /**
     * Which versions of {@code keyId} each claimant (a key registry, by its id) says it uses: what a registry
     * checks before retiring versions, so that registries sharing one master key in one custody never retire what
     * another still needs. Empty if nobody claimed any, or if this custodian keeps no claims.
     */
    default Map<String, Set<Integer>> claims(String keyId) {
        return Map.of();
    }

    /**
     * Records, atomically and in custody (beside the key states), that {@code claimant} uses exactly
     * {@code versions} of {@code keyId} from now on, replacing its earlier claim; an empty set withdraws it. Claims
     * are advisory to custody itself ({@link #retire} and {@link #destroyVersion} do not check them); key registries
     * honour them. Custodians that keep no claims ignore the call.
     *
     * @throws fr.coffre.InvalidInputException if {@code claimant} does not match {@code [A-Za-z0-9._-]{1,128}}
     * @throws KeyUnavailableException if the key is unknown
     */
    default void claimVersions(String keyId, String claimant, Set<Integer> versions) {
    }

    /** Releases sessions, connections and in-memory secrets; does not destroy keys. Idempotent. */
    @Override
    void close();
}
