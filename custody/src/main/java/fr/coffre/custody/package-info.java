/**
 * Key custody: the {@link fr.coffre.custody.KeyCustodian} SPI (master keys that never leave the custody in clear;
 * protect/unprotect of data keys), its descriptors, {@link fr.coffre.custody.CustodyUri}, and the builders of the
 * keystore (development), PKCS#11 (HSM) and KMIP custodians. Implementations live in unexported packages.
 */
package fr.coffre.custody;
