/** Key custody: the KeyCustodian SPI and the keystore, PKCS#11 and KMIP custodians. */
module fr.coffre.custody {
    requires transitive fr.coffre.api;
    requires org.bouncycastle.provider;

    exports fr.coffre.custody;
}
