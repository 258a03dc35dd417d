package fr.coffre.store;

import fr.coffre.InvalidInputException;
import fr.coffre.UriQuery;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Store URIs, for configuration files and the CLI:
 * <pre>
 * mem:
 * file:///absolute/path            file:relative/path
 * s3://bucket?endpoint=https://host[:port]&amp;region=us-east-1[&amp;pathStyle=true]
 * ovh://region/bucket              scaleway://region/bucket              outscale://region/bucket
 * swift://container?auth=https://keystone.example/v3[&amp;region=GRA][&amp;project=p][&amp;domain=Default]
 * swift://container?auth=http://127.0.0.1:8080/auth/v1.0          (tempauth; or authType=keystone-v3|tempauth)
 * azure://account/container[?endpoint=http://127.0.0.1:10000/account]
 * </pre>
 * Every remote scheme also takes {@code connectTimeout}, {@code readTimeout} (ISO-8601 like {@code PT30S}, or
 * {@code 500ms}, {@code 30s}, {@code 2m}) and {@code maxAttempts}; {@code s3}, {@code swift} and {@code azure} take
 * {@code country} and {@code jurisdiction} labels (ISO 3166-1 alpha-2).
 *
 * <p>Credentials never go in a URI: user info ({@code user:secret@}) and parameters that look like credentials
 * ({@code secret}, {@code key}, {@code sig}, {@code token}, ...) are rejected, and error messages never quote a
 * value that looks like one. Unknown parameters are errors (a typo must not silently change where data goes).
 */
public final class StoreUri {

    private static final Set<String> TUNING = Set.of("connectTimeout", "readTimeout", "maxAttempts");
    private static final Set<String> LABELS = Set.of("country", "jurisdiction");

    private StoreUri() {
    }

    /**
     * Parses a store URI into a validated config.
     *
     * @throws InvalidInputException saying which part broke which rule (quoting the value unless it looks like a
     *         credential)
     */
    public static StoreConfig parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException("store URI: must be non-blank");
        }
        if (!uri.equals(uri.strip())) {
            throw new InvalidInputException("store URI: must not start or end with whitespace");
        }
        if (uri.equals("mem:")) {
            return ProviderPresets.memory();
        }
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("store URI: not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        StoreProvider provider = provider(u.getScheme());
        String authority = u.getRawAuthority();
        if (u.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw new InvalidInputException("store URI: must not contain user info ('user:secret@'); give"
                    + " credentials as StoreCredentials or through the environment");
        }
        if (u.getRawFragment() != null) {
            throw new InvalidInputException("store URI: must not have a fragment ('#...')");
        }
        Map<String, String> params = query(u.getRawQuery());
        try {
            return switch (provider) {
                case MEM -> throw new InvalidInputException("must be exactly 'mem:'");
                case FILE -> file(u, params);
                case S3 -> s3(u, params);
                case OVH -> regional(u, params, ProviderPresets.ovh(regionOf(u), bucketOf(u)));
                case SCALEWAY -> regional(u, params, ProviderPresets.scaleway(regionOf(u), bucketOf(u)));
                case OUTSCALE -> regional(u, params, ProviderPresets.outscale(regionOf(u), bucketOf(u)));
                case SWIFT -> swift(u, params);
                case AZURE -> azure(u, params);
            };
        } catch (InvalidInputException e) {
            throw new InvalidInputException("store URI " + provider.scheme() + ": " + e.getMessage());
        }
    }

    private static StoreProvider provider(String scheme) {
        if (scheme == null) {
            throw new InvalidInputException("store URI: must start with a scheme (mem:, file:, s3:, ovh:, scaleway:,"
                    + " outscale:, swift:, azure:)");
        }
        for (StoreProvider p : StoreProvider.values()) {
            if (p.scheme().equals(scheme.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidInputException("store URI: scheme must be one of mem, file, s3, ovh, scaleway, outscale,"
                + " swift, azure, was " + Redaction.quote(scheme));
    }

    private static StoreConfig file(URI u, Map<String, String> params) {
        allow(params, Set.of());
        if (u.isOpaque()) {
            String path = u.getSchemeSpecificPart();
            return ProviderPresets.file(Path.of(path));
        }
        if (u.getRawAuthority() != null && !u.getRawAuthority().isEmpty()) {
            throw new InvalidInputException("host: a file URI has no host; write file:///absolute/path or"
                    + " file:relative/path");
        }
        if (u.getPath() == null || u.getPath().isEmpty()) {
            throw new InvalidInputException("path: must be set, as in file:///absolute/path");
        }
        return ProviderPresets.file(Path.of(u.getPath()));
    }

    private static StoreConfig s3(URI u, Map<String, String> params) {
        allow(params, Set.of("endpoint", "region", "pathStyle"));
        String bucket = bucketOnly(u);
        StoreConfig preset = ProviderPresets.s3(param(params, "endpoint", true), required(params, "region"), bucket);
        boolean pathStyle = Boolean.parseBoolean(bool(params, "pathStyle"));
        return labelled(tuned(preset.toBuilder(), params), params).pathStyle(pathStyle || preset.pathStyle()).build();
    }

    private static StoreConfig regional(URI u, Map<String, String> params, StoreConfig preset) {
        allow(params, Set.of());
        return tuned(preset.toBuilder(), params).build();
    }

    private static StoreConfig swift(URI u, Map<String, String> params) {
        allow(params, Set.of("auth", "authType", "region", "project", "domain"));
        bucketOnly(u);
        URI auth = param(params, "auth", true);
        String type = params.get("authType");
        StoreConfig preset;
        if (type == null) {
            preset = ProviderPresets.swift(auth, bucketOnly(u));
        } else {
            StoreConfig.SwiftAuth kind = switch (type) {
                case "keystone-v3" -> StoreConfig.SwiftAuth.KEYSTONE_V3;
                case "tempauth" -> StoreConfig.SwiftAuth.TEMPAUTH;
                default -> throw new InvalidInputException("authType: must be keystone-v3 or tempauth, was "
                        + Redaction.quote(type));
            };
            preset = ProviderPresets.swift(auth, bucketOnly(u), kind);
        }
        StoreConfig.Builder b = preset.toBuilder().region(params.get("region"));
        if (params.containsKey("project") || params.containsKey("domain")) {
            if (preset.swiftAuth() != StoreConfig.SwiftAuth.KEYSTONE_V3) {
                throw new InvalidInputException("project, domain: only apply to Keystone v3 authentication");
            }
            b.swiftProject(params.get("project")).swiftDomain(params.getOrDefault("domain", preset.swiftDomain()));
        }
        return labelled(tuned(b, params), params).build();
    }

    private static StoreConfig azure(URI u, Map<String, String> params) {
        allow(params, Set.of("endpoint"));
        String account = u.getRawAuthority();
        String container = bucketOf(u);
        StoreConfig preset = params.containsKey("endpoint")
                ? ProviderPresets.azure(account, container, param(params, "endpoint", true))
                : ProviderPresets.azure(account, container);
        return labelled(tuned(preset.toBuilder(), params), params).build();
    }

    // ------------------------------------------------------------------ parts of the URI

    private static String bucketOnly(URI u) {
        String authority = u.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new InvalidInputException("container: must follow '//', as in " + u.getScheme() + "://name?...");
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/")) {
            throw new InvalidInputException("path: must be empty (the container is the part after '//'), was "
                    + Redaction.quote(u.getRawPath()));
        }
        return authority;
    }

    private static String regionOf(URI u) {
        String authority = u.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new InvalidInputException("region: must follow '//', as in " + u.getScheme() + "://region/bucket");
        }
        return authority;
    }

    private static String bucketOf(URI u) {
        String path = u.getRawPath();
        if (path == null || path.length() < 2) {
            throw new InvalidInputException("bucket: must follow the first '/', as in " + u.getScheme()
                    + "://" + (u.getScheme().equals("azure") ? "account/container" : "region/bucket"));
        }
        String name = path.substring(1);
        if (name.contains("/")) {
            throw new InvalidInputException("path: must be a single name after the first '/', was "
                    + Redaction.quote(path));
        }
        return name;
    }

    // ------------------------------------------------------------------ query parameters

    private static Map<String, String> query(String rawQuery) {
        return UriQuery.parse(rawQuery, "store URI", true, "looks like a credential; credentials never go in a store"
                + " URI (use StoreCredentials or the environment)");
    }

    /** Checks that {@code params} holds only {@code allowed}, tuning and (where accepted) label parameters. */
    private static void allow(Map<String, String> params, Set<String> allowed) {
        for (String key : params.keySet()) {
            if (!allowed.contains(key) && !TUNING.contains(key) && !(LABELS.contains(key) && labelsAllowed(allowed))) {
                throw new InvalidInputException("parameter " + Redaction.quote(key) + " is not known here; known: "
                        + String.join(", ", known(allowed)));
            }
        }
    }

    private static boolean labelsAllowed(Set<String> allowed) {
        return allowed.contains("endpoint") || allowed.contains("auth");
    }

    private static java.util.List<String> known(Set<String> allowed) {
        java.util.List<String> all = new java.util.ArrayList<>(new java.util.TreeSet<>(allowed));
        if (labelsAllowed(allowed)) {
            all.addAll(new java.util.TreeSet<>(LABELS));
        }
        all.addAll(new java.util.TreeSet<>(TUNING));
        return all;
    }

    private static String required(Map<String, String> params, String key) {
        String v = params.get(key);
        if (v == null || v.isEmpty()) {
            throw new InvalidInputException(key + ": parameter must be set (" + key + "=...)");
        }
        return v;
    }

    private static URI param(Map<String, String> params, String key, boolean requiredParam) {
        String v = requiredParam ? required(params, key) : params.get(key);
        try {
            return v == null ? null : new URI(v);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(key + ": not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
    }

    private static String bool(Map<String, String> params, String key) {
        String v = params.getOrDefault(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidInputException(key + ": must be true or false, was " + Redaction.quote(v));
        }
        return v;
    }

    private static StoreConfig.Builder labelled(StoreConfig.Builder b, Map<String, String> params) {
        if (params.containsKey("country")) {
            b.regionCountry(params.get("country"));
        }
        if (params.containsKey("jurisdiction")) {
            b.providerJurisdiction(params.get("jurisdiction"));
        }
        return b;
    }

    private static StoreConfig.Builder tuned(StoreConfig.Builder b, Map<String, String> params) {
        if (params.containsKey("connectTimeout")) {
            b.connectTimeout(duration("connectTimeout", params.get("connectTimeout")));
        }
        if (params.containsKey("readTimeout")) {
            b.readTimeout(duration("readTimeout", params.get("readTimeout")));
        }
        if (params.containsKey("maxAttempts")) {
            String v = params.get("maxAttempts");
            if (!v.matches("\\d{1,3}")) {
                throw new InvalidInputException("maxAttempts: must be a whole number, was " + Redaction.quote(v));
            }
            b.retryPolicy(RetryPolicy.defaults().toBuilder().maxAttempts(Integer.parseInt(v)).build());
        }
        return b;
    }

    static Duration duration(String field, String v) {
        try {
            if (v.startsWith("PT") || v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.matches("\\d{1,9}ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.matches("\\d{1,9}s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.matches("\\d{1,9}m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (DateTimeParseException e) {
            // fall through to the message below
        }
        throw new InvalidInputException(field + ": must be an ISO-8601 duration (PT30S) or a number followed by"
                + " ms, s or m, was " + Redaction.quote(v));
    }
}
