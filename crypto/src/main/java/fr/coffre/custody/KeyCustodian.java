package fr.coffre.custody;

import fr.coffre.crypto.KeyDestroyedException;
import fr.coffre.crypto.KeyRef;
import fr.coffre.crypto.KeyUnavailableException;
import fr.coffre.crypto.SecretBytes;
import java.util.List;

/**
 * SPI for a key custody (local keystore, PKCS#11 HSM, KMIP key manager) holding versioned <em>master keys</em>
 * that protect (wrap) data keys.
 *
 * <h2>Security guarantees an implementation must give</h2>
 * <ul>
 *   <li>Master-key material never leaves the custody through this interface; wherever the custody allows it
 *       (HSM, KMIP server-side crypto), it never enters this JVM either.</li>
 *   <li>{@link #protect} output is authenticated and bound to {@code context}: unprotecting with another context,
 *       another key or another version fails with {@link KeyUnavailableException}, never with wrong key bytes.</li>
 *   <li>Nothing secret (key bytes, PINs, passwords) appears in exceptions, logs or {@code toString}.</li>
 *   <li>Implementations are thread-safe.</li>
 * </ul>
 */
public interface KeyCustodian extends AutoCloseable {

    /** What and where this custody is; used by the policy layer (jurisdiction). */
    CustodyDescriptor descriptor();

    /**
     * Creates master key {@code keyId} at version 1 in custody.
     *
     * @throws fr.coffre.InvalidInputException if the id already exists
     */
    KeyRef createKey(String keyId);

    /** Whether any version of {@code keyId} exists (in any state). */
    boolean exists(String keyId);

    /**
     * The newest {@link KeyState#ACTIVE} version of {@code keyId}.
     *
     * @throws KeyUnavailableException if the key is unknown
     * @throws KeyDestroyedException if it was destroyed
     */
    KeyRef currentKey(String keyId);

    /** Every version of {@code keyId}, oldest first. */
    List<KeyVersionInfo> versions(String keyId);

    /** Creates a new version of {@code keyId}; the previous active version becomes {@link KeyState#SUPERSEDED}. */
    KeyRef rotate(String keyId);

    /** Marks a version {@link KeyState#RETIRED}: it no longer unprotects. */
    void retire(KeyRef version);

    /** Destroys every version of {@code keyId} in custody. Irreversible. */
    void destroy(String keyId);

    /**
     * Wraps {@code dataKey} under master key version {@code masterKey}, bound to {@code context}.
     *
     * @return opaque wrapped bytes, safe to store anywhere
     */
    byte[] protect(KeyRef masterKey, SecretBytes dataKey, byte[] context);

    /**
     * Unwraps bytes made by {@link #protect} with the same key version and context.
     *
     * @throws KeyDestroyedException if that version was destroyed
     * @throws KeyUnavailableException if unknown, retired, or the wrapped bytes/context do not authenticate
     */
    SecretBytes unprotect(KeyRef masterKey, byte[] wrapped, byte[] context);

    /** Releases sessions and connections; does not destroy keys. */
    @Override
    void close();
}
