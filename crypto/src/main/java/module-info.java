/**
 * The COF1 object format (streaming AES-256-GCM segments, key commitment, sealed metadata, ranged reads) and the
 * AES-SIV primitive. Bulk AES-GCM runs on the JDK provider; BouncyCastle serves HKDF, CMAC and CTR.
 */
module fr.coffre.crypto {
    requires transitive fr.coffre.api;
    requires org.bouncycastle.provider;

    exports fr.coffre.crypto;
}
