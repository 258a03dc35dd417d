package fr.coffre.custody;

/** Life cycle of one key version in custody. */
public enum KeyState {
    /** Protects new data keys and unprotects old ones. */
    ACTIVE,
    /** Superseded by a newer version: still unprotects, never protects. */
    SUPERSEDED,
    /** Retired: neither protects nor unprotects, but not yet destroyed (can be re-enabled). */
    RETIRED,
    /** Destroyed in custody: permanently unusable. */
    DESTROYED
}
