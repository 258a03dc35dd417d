package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Store configurations that encode what users would otherwise learn the hard way: endpoint shapes, addressing
 * style, signature region, upload limits, and location labels. Each returns a validated {@link StoreConfig};
 * adjust timeouts or retries with {@link StoreConfig#toBuilder()}.
 *
 * <table>
 *   <caption>Provider quirks</caption>
 *   <tr><th>preset</th><th>endpoint</th><th>parts</th><th>single put</th><th>jurisdiction</th></tr>
 *   <tr><td>ovh</td><td>{@code https://s3.<region>.io.cloud.ovh.net}, SigV4, virtual-host</td>
 *       <td>5 MiB to 5 GB, at most 10,000</td><td>5 GB</td><td>FR</td></tr>
 *   <tr><td>scaleway</td><td>{@code https://s3.<region>.scw.cloud}</td><td>5 MiB to 5 GB, at most 1,000 (part size
 *       grows with the object)</td><td>5 GB</td><td>FR</td></tr>
 *   <tr><td>outscale</td><td>{@code https://oos.<region>.outscale.com}</td><td>5 MiB to 5 GiB, at most 10,000</td>
 *       <td>5 GiB</td><td>FR</td></tr>
 *   <tr><td>azure</td><td>{@code https://<account>.blob.core.windows.net}</td><td>blocks up to 4000 MiB, at most
 *       50,000</td><td>5000 MiB</td><td>US (CLOUD Act)</td></tr>
 *   <tr><td>swift</td><td>Keystone v3 or tempauth auth URL</td><td>SLO segments 1 MiB to 5 GiB, at most 1,000</td>
 *       <td>5 GiB</td><td>given by the caller</td></tr>
 *   <tr><td>s3</td><td>any</td><td>5 MiB to 5 GiB, at most 10,000</td><td>5 GiB</td><td>given by the caller</td></tr>
 * </table>
 * Path-style addressing is used whenever a bucket name has dots (a dotted virtual host breaks TLS wildcard
 * certificates). Regions are checked against the lists below; a region missing from a list can still be reached
 * through the generic {@link #s3} preset.
 */
public final class ProviderPresets {

    private static final long MIB = 1024L * 1024;
    private static final long GB = 1_000_000_000L;
    private static final long GIB = 1024 * MIB;

    private static final Map<String, String> OVH_REGIONS = countries(
            "gra", "FR", "rbx", "FR", "sbg", "FR", "eu-west-par", "FR", "eu-south-mil", "IT", "de", "DE", "uk", "GB",
            "waw", "PL", "bhs", "CA", "ca-east-tor", "CA", "sgp", "SG", "ap-southeast-syd", "AU", "ap-south-mum",
            "IN");
    private static final Map<String, String> SCALEWAY_REGIONS = countries("fr-par", "FR", "nl-ams", "NL", "pl-waw",
            "PL");
    private static final Map<String, String> OUTSCALE_REGIONS = countries("eu-west-2", "FR");

    private ProviderPresets() {
    }

    /** OVHcloud regions and the country each one stores data in. */
    public static Map<String, String> ovhRegions() {
        return OVH_REGIONS;
    }

    /** Scaleway regions and their countries. */
    public static Map<String, String> scalewayRegions() {
        return SCALEWAY_REGIONS;
    }

    /** Outscale OOS regions and their countries. */
    public static Map<String, String> outscaleRegions() {
        return OUTSCALE_REGIONS;
    }

    /** OVHcloud Object Storage in {@code region} (e.g. {@code gra}). */
    public static StoreConfig ovh(String region, String bucket) {
        return regionalS3(StoreProvider.OVH, OVH_REGIONS, region, bucket, "https://s3.%s.io.cloud.ovh.net",
                s3Sizing(5 * GB, 10_000), 5 * GB);
    }

    /** Scaleway Object Storage in {@code region} (e.g. {@code fr-par}); only 1,000 parts per object. */
    public static StoreConfig scaleway(String region, String bucket) {
        return regionalS3(StoreProvider.SCALEWAY, SCALEWAY_REGIONS, region, bucket, "https://s3.%s.scw.cloud",
                s3Sizing(5 * GB, 1_000), 5 * GB);
    }

    /** 3DS Outscale OOS in {@code region} (e.g. {@code eu-west-2}). */
    public static StoreConfig outscale(String region, String bucket) {
        return regionalS3(StoreProvider.OUTSCALE, OUTSCALE_REGIONS, region, bucket, "https://oos.%s.outscale.com",
                s3Sizing(5 * GIB, 10_000), 5 * GIB);
    }

    /** An S3 provider of French jurisdiction whose endpoint is derived from a region of a known list. */
    private static StoreConfig regionalS3(StoreProvider provider, Map<String, String> regions, String region,
            String bucket, String endpointFormat, PartSizing sizing, long maxSinglePutBytes) {
        if (region == null || !regions.containsKey(region)) {
            throw new InvalidInputException("region: must be one of " + String.join(", ", regions.keySet())
                    + " for " + provider.scheme() + ", was " + Redaction.quote(region));
        }
        return StoreConfig.builder(provider).container(bucket).region(region)
                .endpoint(URI.create(String.format(java.util.Locale.ROOT, endpointFormat, region)))
                .partSizing(sizing).maxSinglePutBytes(maxSinglePutBytes)
                .regionCountry(regions.get(region)).providerJurisdiction("FR").build();
    }

    /** Any S3-compatible endpoint with AWS's limits; location labels unknown until set on the builder. */
    public static StoreConfig s3(URI endpoint, String region, String bucket) {
        return StoreConfig.builder(StoreProvider.S3).container(bucket).region(region).endpoint(endpoint)
                .partSizing(s3Sizing(5 * GIB, 10_000)).maxSinglePutBytes(5 * GIB).build();
    }

    /**
     * OpenStack Swift. The authentication is inferred from the auth URL's path: {@code .../v3} is Keystone v3,
     * {@code .../auth/v1.0} is tempauth; otherwise use {@link #swift(URI, String, StoreConfig.SwiftAuth)}.
     */
    public static StoreConfig swift(URI authUrl, String container) {
        StoreConfig.SwiftAuth auth = authUrl == null ? null : inferSwiftAuth(authUrl);
        if (authUrl != null && auth == null) {
            throw new InvalidInputException("auth: cannot tell the authentication from the URL path (expected a path"
                    + " ending in /v3 for Keystone v3 or /auth/v1.0 for tempauth); set authType explicitly");
        }
        return swift(authUrl, container, auth);
    }

    /** OpenStack Swift with an explicit authentication kind. */
    public static StoreConfig swift(URI authUrl, String container, StoreConfig.SwiftAuth auth) {
        return StoreConfig.builder(StoreProvider.SWIFT).container(container).endpoint(authUrl).swiftAuth(auth)
                .partSizing(PartSizing.builder().minPartBytes(MIB).maxPartBytes(5 * GIB).maxParts(1_000).build())
                .maxSinglePutBytes(5 * GIB).build();
    }

    /** Azure Blob Storage, account {@code account}; US jurisdiction (CLOUD Act), region country unknown. */
    public static StoreConfig azure(String account, String container) {
        URI endpoint = account != null && account.matches("[a-z0-9]{3,24}")
                ? URI.create("https://" + account + ".blob.core.windows.net") : null;
        return azure(account, container, endpoint);
    }

    /** Azure Blob Storage at an explicit blob endpoint (e.g. Azurite's {@code http://127.0.0.1:10000/<account>}). */
    public static StoreConfig azure(String account, String container, URI endpoint) {
        return StoreConfig.builder(StoreProvider.AZURE).account(account).container(container).endpoint(endpoint)
                .partSizing(PartSizing.builder().minPartBytes(1).maxPartBytes(4000 * MIB).maxParts(50_000).build())
                .maxSinglePutBytes(5000 * MIB).providerJurisdiction("US").build();
    }

    /** Files under {@code directory} (the directory is the container). */
    public static StoreConfig file(Path directory) {
        return StoreConfig.builder(StoreProvider.FILE).directory(directory).build();
    }

    /** A fresh in-memory store (container {@value ObjectStores#DEFAULT_MEMORY_CONTAINER}). */
    public static StoreConfig memory() {
        return StoreConfig.builder(StoreProvider.MEM).container(ObjectStores.DEFAULT_MEMORY_CONTAINER).build();
    }

    static StoreConfig.SwiftAuth inferSwiftAuth(URI authUrl) {
        String path = authUrl.getPath() == null ? "" : authUrl.getPath().replaceAll("/+$", "");
        if (path.endsWith("/v3")) {
            return StoreConfig.SwiftAuth.KEYSTONE_V3;
        }
        if (path.endsWith("/auth/v1.0")) {
            return StoreConfig.SwiftAuth.TEMPAUTH;
        }
        return null;
    }

    private static PartSizing s3Sizing(long maxPartBytes, int maxParts) {
        return PartSizing.builder().minPartBytes(5 * MIB).maxPartBytes(maxPartBytes).maxParts(maxParts).build();
    }

    private static Map<String, String> countries(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
