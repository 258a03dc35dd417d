package fr.coffre.store;

/** The kinds of store Coffre can open; {@link #scheme()} is the store-URI scheme ({@link StoreUri}). */
public enum StoreProvider {
    /** In memory, inside the JVM: tests and demos. */
    MEM("mem", false),
    /** Files under a local directory. */
    FILE("file", false),
    /** Any S3-compatible endpoint. */
    S3("s3", true),
    /** OVHcloud Object Storage (S3 API). */
    OVH("ovh", true),
    /** Scaleway Object Storage (S3 API). */
    SCALEWAY("scaleway", true),
    /** 3DS Outscale OOS (S3 API). */
    OUTSCALE("outscale", true),
    /** OpenStack Swift (native API). */
    SWIFT("swift", false),
    /** Azure Blob Storage. */
    AZURE("azure", false);

    private final String scheme;
    private final boolean s3Compatible;

    StoreProvider(String scheme, boolean s3Compatible) {
        this.scheme = scheme;
        this.s3Compatible = s3Compatible;
    }

    public String scheme() {
        return scheme;
    }

    /** Whether the store speaks the S3 API (so S3 credentials and drivers apply). */
    public boolean isS3Compatible() {
        return s3Compatible;
    }

    /** Whether the store needs credentials (every remote one). */
    public boolean isRemote() {
        return this != MEM && this != FILE;
    }
}
