/**
 * The object-store SPI ({@link fr.coffre.store.ObjectStore}): ciphertext under opaque names, streamed with bounded
 * memory, typed errors that never carry a credential, bounded retries, partial uploads never visible. Stores are
 * opened with {@link fr.coffre.store.ObjectStores} from a {@link fr.coffre.store.StoreConfig} or a {@link
 * fr.coffre.store.StoreUri}; credentials come from {@link fr.coffre.store.StoreCredentials} or the environment,
 * never a URI. Adapters live in unexported packages.
 */
package fr.coffre.store;
