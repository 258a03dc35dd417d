package fr.coffre.store;

import fr.coffre.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where a store is and how to talk to it: everything but credentials (see {@link StoreCredentials}). Immutable;
 * built by {@link StoreUri#parse}, by the {@link ProviderPresets} (which encode each provider's quirks), or with
 * {@link #builder}. {@link #build()} checks every field and names the field, the rule and the value.
 *
 * <ul>
 *   <li>{@code container}: the bucket (S3 family), container (Swift, Azure), or directory name (file).</li>
 *   <li>{@code endpoint}: the S3 endpoint, the Swift auth URL, the Azure blob endpoint; none for mem and file.</li>
 *   <li>{@code region}: the S3 signature region, or the Swift region (optional).</li>
 *   <li>{@code pathStyle}: S3 path-style addressing (forced when the bucket name has dots: TLS wildcard
 *       certificates do not cover dotted virtual hosts).</li>
 *   <li>{@code partSizing}, {@code maxSinglePutBytes}: the provider's upload limits.</li>
 *   <li>{@code regionCountry}, {@code providerJurisdiction}: ISO 3166-1 alpha-2 labels for the policy layer, null
 *       when unknown.</li>
 * </ul>
 */
public final class StoreConfig {

    /** How a Swift client authenticates. */
    public enum SwiftAuth {
        /** OpenStack Keystone v3 (production). */
        KEYSTONE_V3,
        /** Swift tempauth (test servers). */
        TEMPAUTH
    }

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern AZURE_CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern AZURE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern PLAIN_CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final StoreProvider provider;
    private final String container;
    private final URI endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String account;
    private final Path directory;
    private final SwiftAuth swiftAuth;
    private final String swiftProject;
    private final String swiftDomain;
    private final PartSizing partSizing;
    private final long maxSinglePutBytes;
    private final String regionCountry;
    private final String providerJurisdiction;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final RetryPolicy retryPolicy;

    private StoreConfig(Builder b) {
        provider = b.provider;
        container = b.container;
        endpoint = b.endpoint;
        region = b.region;
        pathStyle = b.pathStyle || (container != null && container.contains("."));
        account = b.account;
        directory = b.directory;
        swiftAuth = b.swiftAuth;
        swiftProject = b.swiftProject;
        swiftDomain = b.swiftDomain;
        partSizing = b.partSizing;
        maxSinglePutBytes = b.maxSinglePutBytes;
        regionCountry = b.regionCountry;
        providerJurisdiction = b.providerJurisdiction;
        connectTimeout = b.connectTimeout;
        readTimeout = b.readTimeout;
        retryPolicy = b.retryPolicy;
    }

    public static Builder builder(StoreProvider provider) {
        return new Builder(provider);
    }

    public Builder toBuilder() {
        Builder b = new Builder(provider);
        b.container = container;
        b.endpoint = endpoint;
        b.region = region;
        b.pathStyle = pathStyle;
        b.account = account;
        b.directory = directory;
        b.swiftAuth = swiftAuth;
        b.swiftProject = swiftProject;
        b.swiftDomain = swiftDomain;
        b.partSizing = partSizing;
        b.maxSinglePutBytes = maxSinglePutBytes;
        b.regionCountry = regionCountry;
        b.providerJurisdiction = providerJurisdiction;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.retryPolicy = retryPolicy;
        return b;
    }

    public StoreProvider provider() {
        return provider;
    }

    public String container() {
        return container;
    }

    /** Null for mem and file. */
    public URI endpoint() {
        return endpoint;
    }

    /** Null when not applicable or not given. */
    public String region() {
        return region;
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    /** The Azure storage account; null otherwise. */
    public String account() {
        return account;
    }

    /** The file store's directory (absolute, normalised); null otherwise. */
    public Path directory() {
        return directory;
    }

    /** Null unless Swift. */
    public SwiftAuth swiftAuth() {
        return swiftAuth;
    }

    /** Keystone v3 project to scope the token to; null if none. */
    public String swiftProject() {
        return swiftProject;
    }

    /** Keystone v3 user and project domain; null unless Keystone v3 ({@code Default} by default). */
    public String swiftDomain() {
        return swiftDomain;
    }

    public PartSizing partSizing() {
        return partSizing;
    }

    /** Largest object sent in one request; larger ones (and unknown lengths) go multipart. */
    public long maxSinglePutBytes() {
        return maxSinglePutBytes;
    }

    public String regionCountry() {
        return regionCountry;
    }

    public String providerJurisdiction() {
        return providerJurisdiction;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest wait for the next bytes of a response (a socket read timeout), not for a whole transfer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The descriptor stores built from this config report. */
    public StoreDescriptor descriptor() {
        String where = endpoint != null ? endpoint.toString() : directory != null ? directory.getParent().toString()
                : "";
        return new StoreDescriptor(provider.scheme(), where, container, regionCountry, providerJurisdiction, region);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreConfig c && c.toString().equals(toString()) && c.partSizing.equals(partSizing)
                && c.retryPolicy.equals(retryPolicy);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Every field; there is no secret in a config. */
    @Override
    public String toString() {
        return "StoreConfig[" + provider.scheme() + ", container=" + container + ", endpoint=" + endpoint
                + ", region=" + region + ", pathStyle=" + pathStyle + ", account=" + account + ", directory="
                + directory + ", swiftAuth=" + swiftAuth + ", swiftProject=" + swiftProject + ", swiftDomain="
                + swiftDomain + ", maxSinglePutBytes=" + maxSinglePutBytes + ", regionCountry=" + regionCountry
                + ", providerJurisdiction=" + providerJurisdiction + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", " + partSizing + ", " + retryPolicy + "]";
    }

    /** Builder; see the class Javadoc for the fields. */
    public static final class Builder {
        private final StoreProvider provider;
        private String container;
        private URI endpoint;
        private String region;
        private boolean pathStyle;
        private String account;
        private Path directory;
        private SwiftAuth swiftAuth;
        private String swiftProject;
        private String swiftDomain;
        private PartSizing partSizing = PartSizing.builder().build();
        private long maxSinglePutBytes = 5L * 1024 * 1024 * 1024;
        private String regionCountry;
        private String providerJurisdiction;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();

        private Builder(StoreProvider provider) {
            if (provider == null) {
                throw new InvalidInputException("provider: must be non-null");
            }
            this.provider = provider;
        }

        public Builder container(String v) {
            container = v;
            return this;
        }

        public Builder endpoint(URI v) {
            endpoint = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder pathStyle(boolean v) {
            pathStyle = v;
            return this;
        }

        public Builder account(String v) {
            account = v;
            return this;
        }

        /** The file store's directory; its last element becomes the container. */
        public Builder directory(Path v) {
            directory = v == null ? null : v.toAbsolutePath().normalize();
            if (directory != null && directory.getFileName() != null) {
                container = directory.getFileName().toString();
            }
            return this;
        }

        public Builder swiftAuth(SwiftAuth v) {
            swiftAuth = v;
            return this;
        }

        public Builder swiftProject(String v) {
            swiftProject = v;
            return this;
        }

        public Builder swiftDomain(String v) {
            swiftDomain = v;
            return this;
        }

        public Builder partSizing(PartSizing v) {
            partSizing = v;
            return this;
        }

        public Builder maxSinglePutBytes(long v) {
            maxSinglePutBytes = v;
            return this;
        }

        public Builder regionCountry(String v) {
            regionCountry = v;
            return this;
        }

        public Builder providerJurisdiction(String v) {
            providerJurisdiction = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder readTimeout(Duration v) {
            readTimeout = v;
            return this;
        }

        public Builder retryPolicy(RetryPolicy v) {
            retryPolicy = v;
            return this;
        }

        public StoreConfig build() {
            switch (provider) {
                case MEM -> require(container, PLAIN_CONTAINER, "container", "1 to 255 characters of [A-Za-z0-9._-]"
                        + " starting with a letter or digit");
                case FILE -> checkFile();
                case S3, OVH, SCALEWAY, OUTSCALE -> checkS3();
                case SWIFT -> checkSwift();
                case AZURE -> checkAzure();
                default -> throw new IllegalStateException(provider.toString());
            }
            if (region != null) {
                require(region, REGION, "region", "1 to 63 characters of [A-Za-z0-9._-]");
            }
            checkCountry("regionCountry", regionCountry);
            checkCountry("providerJurisdiction", providerJurisdiction);
            if (partSizing == null) {
                throw new InvalidInputException("partSizing: must be non-null");
            }
            if (maxSinglePutBytes < 0) {
                throw new InvalidInputException("maxSinglePutBytes: must be >= 0, was " + maxSinglePutBytes);
            }
            checkTimeout("connectTimeout", connectTimeout);
            checkTimeout("readTimeout", readTimeout);
            if (retryPolicy == null) {
                throw new InvalidInputException("retryPolicy: must be non-null");
            }
            return new StoreConfig(this);
        }

        private void checkFile() {
            if (directory == null) {
                throw new InvalidInputException("directory: must be set for a file store");
            }
            if (directory.getParent() == null || directory.getFileName() == null) {
                throw new InvalidInputException("directory: must not be a filesystem root, was " + directory);
            }
            require(container, PLAIN_CONTAINER, "directory", "last element: 1 to 255 characters of [A-Za-z0-9._-]"
                    + " starting with a letter or digit");
        }

        private void checkS3() {
            require(container, S3_BUCKET, "bucket", "3 to 63 characters of [a-z0-9.-], starting and ending with a"
                    + " letter or digit");
            if (container.contains("..") || container.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                throw new InvalidInputException("bucket: must not contain '..' nor look like an IP address, was "
                        + Redaction.quote(container));
            }
            checkEndpoint("endpoint");
            if (region == null) {
                throw new InvalidInputException("region: the S3 signature region must be set (e.g. us-east-1)");
            }
        }

        private void checkSwift() {
            require(container, PLAIN_CONTAINER, "container", "1 to 255 characters of [A-Za-z0-9._-] starting with"
                    + " a letter or digit");
            checkEndpoint("auth");
            if (swiftAuth == null) {
                throw new InvalidInputException("swiftAuth: must be KEYSTONE_V3 or TEMPAUTH");
            }
            if (swiftAuth == SwiftAuth.KEYSTONE_V3 && swiftDomain == null) {
                swiftDomain = "Default";
            }
        }

        private void checkAzure() {
            require(account, AZURE_ACCOUNT, "account", "3 to 24 characters of [a-z0-9]");
            require(container, AZURE_CONTAINER, "container", "3 to 63 characters of [a-z0-9-], starting and ending"
                    + " with a letter or digit, no '--'");
            checkEndpoint("endpoint");
        }

        private void checkEndpoint(String field) {
            if (endpoint == null) {
                throw new InvalidInputException(field + ": must be set for a " + provider.scheme() + " store");
            }
            String scheme = endpoint.getScheme();
            if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || endpoint.getHost() == null) {
                throw new InvalidInputException(field + ": must be an absolute http or https URL with a host");
            }
            if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
                    || endpoint.getRawFragment() != null) {
                // not echoed: user info, a query or a fragment may hold credentials or a SAS token
                throw new InvalidInputException(field + ": must have no user info, query or fragment (credentials"
                        + " go in StoreCredentials)");
            }
        }

        private static void require(String value, Pattern rule, String field, String ruleText) {
            if (value == null) {
                throw new InvalidInputException(field + ": must be set");
            }
            if (!rule.matcher(value).matches()) {
                throw new InvalidInputException(field + ": must be " + ruleText + ", was " + Redaction.quote(value));
            }
        }

        private static void checkCountry(String field, String value) {
            if (value != null && !COUNTRY.matcher(value).matches()) {
                throw new InvalidInputException(field + ": must be an ISO 3166-1 alpha-2 code (two capital"
                        + " letters) or null, was " + Redaction.quote(value));
            }
        }

        private static void checkTimeout(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException(field + ": must be more than 0 and at most 1 hour, was " + value);
            }
        }
    }
}
