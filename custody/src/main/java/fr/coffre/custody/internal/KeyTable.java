package fr.coffre.custody.internal;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Immutable table of master-key versions and their states, with the life-cycle rules every custodian enforces
 * (see {@link KeyCustodian}). Each change returns a new table, so a custodian can compute the next table, persist
 * it, and only then publish it.
 *
 * <p>Serialised form (UTF-8, one line per version, sorted): {@code coffre-key-table 1} then
 * {@code <keyId> <version> <STATE> <createdAtEpochMillis>}. A table holding claims (which versions of a key each
 * key registry says it uses, {@link KeyCustodian#claimVersions}) is {@code coffre-key-table 2}: the same lines, then
 * one {@code claim <keyId> <claimant> <v1>,<v2>,...} line per claimant, sorted; tables without claims stay at
 * format 1, so custodies that never saw a claim stay readable by earlier versions.
 */
public final class KeyTable {
    private static final String MAGIC = "coffre-key-table 1";
    private static final String MAGIC_CLAIMS = "coffre-key-table 2";
    private static final java.util.regex.Pattern CLAIMANT = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_SERIALISED_BYTES = 16 * 1024 * 1024;

    /** What a caller wants to do with a version. */
    enum Use { PROTECT, UNPROTECT }

    /** One version of a key and its state. */
    public record Version(int version, KeyState state, Instant createdAt) { }

    private final Map<String, List<Version>> keys;
    /** keyId → claimant → the versions it claims (never empty). */
    private final Map<String, Map<String, Set<Integer>>> claims;

    private KeyTable(Map<String, List<Version>> keys, Map<String, Map<String, Set<Integer>>> claims) {
        this.keys = keys;
        this.claims = claims;
    }

    public static KeyTable empty() {
        return new KeyTable(Collections.emptyMap(), Collections.emptyMap());
    }

    /** Claimant → versions of {@code keyId} it claims. */
    public Map<String, Set<Integer>> claims(String keyId) {
        return claims.getOrDefault(keyId, Map.of());
    }

    /** The table with {@code claimant}'s claim on {@code keyId} replaced by {@code versions} (empty: withdrawn). */
    KeyTable withClaim(String scheme, String keyId, String claimant, Set<Integer> versions) {
        known(scheme, keyId);
        if (claimant == null || !CLAIMANT.matcher(claimant).matches()) {
            throw new InvalidInputException("claimant: must match " + CLAIMANT + ", was "
                    + (claimant == null ? "null" : "a value of length " + claimant.length()));
        }
        Set<Integer> wanted = new TreeSet<>(versions);
        if (wanted.stream().anyMatch(v -> v < 1)) {
            throw new InvalidInputException("versions: must be >= 1, were " + wanted);
        }
        if (wanted.equals(claims(keyId).getOrDefault(claimant, Set.of()))) {
            return this;
        }
        Map<String, Set<Integer>> forKey = new TreeMap<>(claims(keyId));
        if (wanted.isEmpty()) {
            forKey.remove(claimant);
        } else {
            forKey.put(claimant, Collections.unmodifiableSet(wanted));
        }
        Map<String, Map<String, Set<Integer>>> copy = new TreeMap<>(claims);
        if (forKey.isEmpty()) {
            copy.remove(keyId);
        } else {
            copy.put(keyId, Collections.unmodifiableMap(forKey));
        }
        return new KeyTable(keys, Collections.unmodifiableMap(copy));
    }

    boolean contains(String keyId) {
        return keys.containsKey(keyId);
    }

    public List<Version> list(String keyId) {
        return keys.getOrDefault(keyId, List.of());
    }

    List<KeyVersionInfo> infos(String scheme, String keyId) {
        List<KeyVersionInfo> out = new ArrayList<>();
        for (Version v : list(keyId)) {
            out.add(new KeyVersionInfo(new KeyRef(scheme, keyId, v.version()), v.state(), v.createdAt()));
        }
        return out;
    }

    /** Every key id in the table, sorted. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /** The active version of {@code keyId}, or the typed failure the SPI documents. */
    int activeVersion(String scheme, String keyId) {
        List<Version> vs = known(scheme, keyId);
        for (Version v : vs) {
            if (v.state() == KeyState.ACTIVE) {
                return v.version();
            }
        }
        if (vs.stream().allMatch(v -> v.state() == KeyState.DESTROYED)) {
            throw new KeyDestroyedException("master key " + scheme + ":" + keyId + " was destroyed");
        }
        throw new KeyUnavailableException("master key " + scheme + ":" + keyId + " has no active version");
    }

    /** Checks that {@code ref} may be used for {@code use}; throws the SPI's typed exception otherwise. */
    Version require(KeyRef ref, Use use) {
        Version v = find(ref);
        switch (v.state()) {
            case DESTROYED:
                throw new KeyDestroyedException("master key " + ref + " was destroyed");
            case RETIRED:
                throw new KeyUnavailableException("master key " + ref + " is retired");
            case SUPERSEDED:
                if (use == Use.PROTECT) {
                    throw new KeyUnavailableException("master key " + ref + " is superseded: protect with the active version");
                }
                return v;
            default:
                return v;
        }
    }

    KeyTable withCreated(String scheme, String keyId, Instant now) {
        if (keys.containsKey(keyId)) {
            throw new InvalidInputException("keyId: must not exist yet in " + scheme + " custody, was '" + keyId + "'");
        }
        return with(keyId, List.of(new Version(1, KeyState.ACTIVE, now)));
    }

    /** Adds version max+1 as ACTIVE and supersedes the previous active one. */
    KeyTable withRotated(String scheme, String keyId, Instant now) {
        activeVersion(scheme, keyId); // typed failure if unknown, destroyed or without active version
        List<Version> out = new ArrayList<>();
        int max = 0;
        for (Version v : list(keyId)) {
            out.add(v.state() == KeyState.ACTIVE ? new Version(v.version(), KeyState.SUPERSEDED, v.createdAt()) : v);
            max = Math.max(max, v.version());
        }
        out.add(new Version(max + 1, KeyState.ACTIVE, now));
        return with(keyId, out);
    }

    KeyTable withRetired(KeyRef ref) {
        Version v = find(ref);
        if (v.state() == KeyState.ACTIVE) {
            throw new InvalidInputException("version: must not be the active version (rotate first), was " + ref);
        }
        if (v.state() == KeyState.DESTROYED) {
            throw new KeyDestroyedException("master key " + ref + " was destroyed");
        }
        return withState(ref, KeyState.RETIRED);
    }

    KeyTable withReinstated(KeyRef ref) {
        Version v = find(ref);
        if (v.state() == KeyState.DESTROYED) {
            throw new KeyDestroyedException("master key " + ref + " was destroyed");
        }
        return v.state() == KeyState.RETIRED ? withState(ref, KeyState.SUPERSEDED) : this;
    }

    KeyTable withVersionDestroyed(KeyRef ref) {
        Version v = find(ref);
        if (v.state() == KeyState.ACTIVE) {
            throw new InvalidInputException("version: must not be the active version (rotate first), was " + ref);
        }
        return withState(ref, KeyState.DESTROYED);
    }

    KeyTable withAllDestroyed(String scheme, String keyId) {
        List<Version> out = new ArrayList<>();
        for (Version v : known(scheme, keyId)) {
            out.add(new Version(v.version(), KeyState.DESTROYED, v.createdAt()));
        }
        return with(keyId, out);
    }

    private KeyTable withState(KeyRef ref, KeyState state) {
        List<Version> out = new ArrayList<>();
        for (Version v : list(ref.keyId())) {
            out.add(v.version() == ref.version() ? new Version(v.version(), state, v.createdAt()) : v);
        }
        return with(ref.keyId(), out);
    }

    private Version find(KeyRef ref) {
        for (Version v : known(ref.scheme(), ref.keyId())) {
            if (v.version() == ref.version()) {
                return v;
            }
        }
        throw new KeyUnavailableException("master key " + ref + ": no such version in custody");
    }

    private List<Version> known(String scheme, String keyId) {
        List<Version> vs = keys.get(keyId);
        if (vs == null) {
            throw new KeyUnavailableException("master key " + scheme + ":" + keyId + ": unknown in custody");
        }
        return vs;
    }

    private KeyTable with(String keyId, List<Version> versions) {
        Map<String, List<Version>> copy = new TreeMap<>(keys);
        copy.put(keyId, List.copyOf(versions));
        return new KeyTable(Collections.unmodifiableMap(copy), claims);
    }

    public byte[] serialise() {
        StringBuilder sb = new StringBuilder(claims.isEmpty() ? MAGIC : MAGIC_CLAIMS).append('\n');
        for (Map.Entry<String, List<Version>> e : keys.entrySet()) {
            for (Version v : e.getValue()) {
                sb.append(e.getKey()).append(' ').append(v.version()).append(' ').append(v.state().name())
                        .append(' ').append(v.createdAt().toEpochMilli()).append('\n');
            }
        }
        claims.forEach((keyId, byClaimant) -> byClaimant.forEach((claimant, versions) -> sb.append("claim ")
                .append(keyId).append(' ').append(claimant).append(' ')
                .append(versions.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")))
                .append('\n')));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses {@link #serialise()} output strictly.
     *
     * @throws KeyUnavailableException naming the line if the table is malformed
     */
    public static KeyTable parse(byte[] bytes) {
        if (bytes.length > MAX_SERIALISED_BYTES) {
            throw new KeyUnavailableException("key table: larger than " + MAX_SERIALISED_BYTES + " bytes");
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        boolean withClaims = MAGIC_CLAIMS.equals(lines[0]);
        if (!MAGIC.equals(lines[0]) && !withClaims || !lines[lines.length - 1].isEmpty()) {
            throw new KeyUnavailableException("key table: unknown format");
        }
        Map<String, List<Version>> keys = new TreeMap<>();
        Map<String, Map<String, Set<Integer>>> claims = new TreeMap<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String[] f = lines[i].split(" ", -1);
            try {
                if (withClaims && f[0].equals("claim")) {
                    parseClaim(f, keys, claims);
                    continue;
                }
                if (!claims.isEmpty()) {
                    throw new IllegalArgumentException("a version line after a claim line");
                }
                if (f.length != 4) {
                    throw new IllegalArgumentException("4 fields expected");
                }
                new KeyRef("x", f[0], Integer.parseInt(f[1])); // validates id and version
                Version v = new Version(Integer.parseInt(f[1]), KeyState.valueOf(f[2]),
                        Instant.ofEpochMilli(Long.parseLong(f[3])));
                List<Version> vs = keys.computeIfAbsent(f[0], k -> new ArrayList<>());
                if (!vs.isEmpty() && vs.get(vs.size() - 1).version() >= v.version()) {
                    throw new IllegalArgumentException("versions not increasing");
                }
                vs.add(v);
            } catch (IllegalArgumentException | InvalidInputException e) {
                throw new KeyUnavailableException("key table: malformed line " + (i + 1) + " (" + e.getMessage() + ")");
            }
        }
        if (withClaims && claims.isEmpty()) {
            throw new KeyUnavailableException("key table: format 2 without any claim");
        }
        Map<String, List<Version>> frozen = new TreeMap<>();
        keys.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        Map<String, Map<String, Set<Integer>>> frozenClaims = new TreeMap<>();
        claims.forEach((k, v) -> frozenClaims.put(k, Collections.unmodifiableMap(v)));
        return new KeyTable(Collections.unmodifiableMap(frozen), Collections.unmodifiableMap(frozenClaims));
    }

    /** {@code claim <keyId> <claimant> <v1>,<v2>,...}: a known key, a valid claimant once per key, versions >= 1. */
    private static void parseClaim(String[] f, Map<String, List<Version>> keys,
            Map<String, Map<String, Set<Integer>>> claims) {
        if (f.length != 4 || !keys.containsKey(f[1]) || !CLAIMANT.matcher(f[2]).matches()) {
            throw new IllegalArgumentException("claim: 'claim <known keyId> <claimant> <versions>' expected");
        }
        Set<Integer> versions = new TreeSet<>();
        for (String v : f[3].split(",", -1)) {
            int n = Integer.parseInt(v);
            if (n < 1 || !versions.add(n)) {
                throw new IllegalArgumentException("claim: versions must be distinct and >= 1");
            }
        }
        Map<String, Set<Integer>> forKey = claims.computeIfAbsent(f[1], k -> new TreeMap<>());
        if (forKey.put(f[2], Collections.unmodifiableSet(versions)) != null) {
            throw new IllegalArgumentException("claim: claimant listed twice for one key");
        }
    }
}
