/**
 * The API applications embed: {@link fr.coffre.core.Coffre} writes and reads client-side-encrypted records under
 * encrypted names, with data keys per subject (patient) or collection in a {@link fr.coffre.core.KeyRegistry},
 * master-key rotation without rewriting objects, and crypto-shredding.
 */
package fr.coffre.core;
