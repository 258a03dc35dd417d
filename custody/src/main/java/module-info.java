/**
 * Key custody: the {@link fr.coffre.custody.KeyCustodian} SPI, its descriptors, {@link fr.coffre.custody.CustodyUri}
 * and the builders of the keystore, PKCS#11 and KMIP custodians. Only {@code fr.coffre.custody} is exported; the
 * key table, the wrap format and the backends ({@code .internal}, {@code .keystore}, {@code .pkcs11},
 * {@code .kmip}) are not.
 *
 * <p>PKCS#11 goes through the JDK's SunPKCS11 provider, reached with {@code Security.getProvider("SunPKCS11")}
 * (module {@code jdk.crypto.cryptoki}, bound as a {@code java.security.Provider} service), so no
 * {@code requires} names it.
 */
module fr.coffre.custody {
    // KeyCustodian's signatures use KeyRef and SecretBytes and throw the api's exceptions
    requires transitive fr.coffre.api;
    // BCFKS keystore and its PBKDF2 parameters (keystore custody only)
    requires org.bouncycastle.provider;

    exports fr.coffre.custody;
}
