package fr.coffre.store.jclouds;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.StoreProvider;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import org.jclouds.Constants;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import com.google.inject.Module;
import org.jclouds.openstack.swift.v1.SwiftApiMetadata;
import org.jclouds.openstack.swift.v1.blobstore.RegionScopedBlobStoreContext;
import org.jclouds.openstack.swift.v1.config.SwiftAuthenticationModule;

/**
 * Opens the remote jclouds stores: OpenStack Swift ({@code openstack-swift}) and S3 ({@code s3}, an alternative to
 * the default AWS SDK driver). jclouds logging is silent ({@link SilentLoggingModule}: its error log printed failed
 * requests with their credentials), and jclouds sends each request once per attempt of the store's retry policy,
 * except a 401's token renewal ({@link BoundedHttpModule}).
 */
public final class CloudJcloudsStores {

    /** How Swift authenticates. */
    enum SwiftAuth {
        /** Swift's tempauth (v1.0 auth URL): tests and small deployments. */
        TEMPAUTH,
        /** Keystone v3 with a password, scoped to a project (OVHcloud, most OpenStack clouds). */
        KEYSTONE_V3
    }

    private CloudJcloudsStores() {
    }

    /** Opens the OpenStack Swift container {@code config} describes; authentication happens on first use. */
    public static ObjectStore swift(StoreConfig config, StoreCredentials credentials) {
        if (config == null || config.provider() != StoreProvider.SWIFT) {
            throw new InvalidInputException("config: must be a swift store config");
        }
        requireKind(credentials, StoreCredentials.Kind.SWIFT_PASSWORD);
        String scope = config.swiftProject() == null ? null : "project:" + config.swiftProject();
        String identity = config.swiftAuth() == StoreConfig.SwiftAuth.KEYSTONE_V3 && config.swiftDomain() != null
                ? config.swiftDomain() + ":" + credentials.identity() : credentials.identity();
        return swift(config.endpoint(), config.swiftAuth() == StoreConfig.SwiftAuth.TEMPAUTH ? SwiftAuth.TEMPAUTH
                : SwiftAuth.KEYSTONE_V3, identity, credentials.secretAsString(), scope, config.region(),
                config.descriptor(), tuning(config));
    }

    /** Opens the S3 bucket {@code config} describes through jclouds {@code s3} (the alternative S3 driver). */
    public static ObjectStore s3(StoreConfig config, StoreCredentials credentials) {
        if (config == null || !config.provider().isS3Compatible()) {
            throw new InvalidInputException("config: must be an S3-compatible store config");
        }
        requireKind(credentials, StoreCredentials.Kind.S3_ACCESS_KEY);
        return s3(config.endpoint(), config.region(), !config.pathStyle(), credentials.identity(),
                credentials.secretAsString(), config.descriptor(), tuning(config));
    }

    private static CloudTuning tuning(StoreConfig config) {
        return new CloudTuning(config.partSizing(), 2, -1, config.maxSinglePutBytes(), config.connectTimeout(),
                config.readTimeout(), config.retryPolicy());
    }

    private static void requireKind(StoreCredentials credentials, StoreCredentials.Kind kind) {
        if (credentials == null || credentials.isDestroyed() || credentials.kind() != kind) {
            throw new InvalidInputException("credentials: this store takes " + kind + " credentials");
        }
    }

    /**
     * @param authUrl tempauth {@code http://host:port/auth/v1.0} or Keystone {@code https://host/v3}
     * @param identity tempauth {@code account:user}, or Keystone {@code domain:user}
     * @param projectScope Keystone only: {@code project:<name>} or {@code projectId:<id>}; null for tempauth
     */
    static ObjectStore swift(URI authUrl, SwiftAuth auth, String identity, String key, String projectScope,
            StoreDescriptor descriptor, CloudTuning tuning) {
        return swift(authUrl, auth, identity, key, projectScope, null, descriptor, tuning);
    }

    /**
     * @param region the catalogue region to use ({@link SwiftRegions#choose}); null when the catalogue has only one
     */
    static ObjectStore swift(URI authUrl, SwiftAuth auth, String identity, String key, String projectScope,
            String region, StoreDescriptor descriptor, CloudTuning tuning) {
        Properties p = timeouts(tuning);
        if (auth == SwiftAuth.TEMPAUTH) {
            p.setProperty("jclouds.keystone.credential-type", "tempAuthCredentials");
        } else {
            p.setProperty("jclouds.keystone.version", "3");
            p.setProperty("jclouds.keystone.credential-type", "passwordCredentials");
            if (projectScope != null) {
                p.setProperty("jclouds.keystone.scope", projectScope);
            }
        }
        // jclouds authenticates when the Swift blob store is first asked for: defer that to the first operation,
        // so that authentication failures surface as typed errors of that operation
        BlobStoreContext context = LazyBlobStoreContext.of(context(auth == SwiftAuth.TEMPAUTH ? "openstack-swift"
                : null, authUrl, identity, key, p),
                real -> {
                    RegionScopedBlobStoreContext regional = (RegionScopedBlobStoreContext) real;
                    return regional.getBlobStore(SwiftRegions.choose(regional.getConfiguredRegions(), region));
                });
        return new SwiftSloStore(context, region, descriptor, tuning, partExecutor("swift"));
    }

    /** S3 with SigV4 and path-style addressing ({@code virtualHost = false}) or virtual-host addressing. */
    static ObjectStore s3(URI endpoint, String region, boolean virtualHost, String accessKey, String secretKey,
            StoreDescriptor descriptor, CloudTuning tuning) {
        Properties p = timeouts(tuning);
        p.setProperty("jclouds.s3.virtual-host-buckets", Boolean.toString(virtualHost));
        p.setProperty("jclouds.regions", region);
        BlobStoreContext context = context("s3", endpoint, accessKey, secretKey, p);
        return new S3JcloudsStore(context, descriptor, tuning, partExecutor("s3"));
    }

    private static Properties timeouts(CloudTuning tuning) {
        Properties p = new Properties();
        p.setProperty(Constants.PROPERTY_CONNECTION_TIMEOUT, Long.toString(tuning.connectTimeout().toMillis()));
        p.setProperty(Constants.PROPERTY_SO_TIMEOUT, Long.toString(tuning.requestTimeout().toMillis()));
        // Coffre's Retrier does the bounded, jittered retries: jclouds retries nothing (its I/O retry handler reads
        // this), but renews an expired token once on a 401 (RenewOnceRetryHandler, bound by BoundedHttpModule)
        p.setProperty(Constants.PROPERTY_MAX_RETRIES, "0");
        return p;
    }

    private static BlobStoreContext context(String api, URI endpoint, String identity, String credential,
            Properties overrides) {
        if (identity == null || identity.isEmpty() || credential == null || credential.isEmpty()) {
            throw new InvalidInputException("credentials: identity and key must be non-empty");
        }
        ContextBuilder builder = api != null ? ContextBuilder.newBuilder(api)
                : ContextBuilder.newBuilder(keystoneSwiftApi());
        return builder
                .endpoint(endpoint.toString())
                .credentials(identity, credential)
                .overrides(overrides)
                .modules(List.of(new SilentLoggingModule(), new BoundedHttpModule()))
                .buildView(BlobStoreContext.class);
    }

    /** {@code openstack-swift} with {@link KeystoneAuthModule}: a login Keystone refuses is not retried. */
    private static SwiftApiMetadata keystoneSwiftApi() {
        SwiftApiMetadata standard = new SwiftApiMetadata();
        Set<Class<? extends Module>> modules = new LinkedHashSet<>();
        for (Class<? extends Module> m : standard.getDefaultModules()) {
            modules.add(m == SwiftAuthenticationModule.class ? KeystoneAuthModule.class : m);
        }
        return standard.toBuilder().defaultModules(modules).build();
    }

    static ExecutorService partExecutor(String kind) {
        return ParallelPartUploader.newPartExecutor(kind);
    }
}
