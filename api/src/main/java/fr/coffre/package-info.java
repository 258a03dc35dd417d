/**
 * What every Coffre module shares: the unchecked exception tree rooted in {@link fr.coffre.CoffreException}
 * (messages never hold a key, plaintext, object name or patient identifier), {@link fr.coffre.SecretBytes} for key
 * material (destroyable, zeroed, compared in constant time, never printed), {@link fr.coffre.KeyRef} and the one
 * parser of store and custody URI queries, {@link fr.coffre.UriQuery}.
 */
package fr.coffre;
