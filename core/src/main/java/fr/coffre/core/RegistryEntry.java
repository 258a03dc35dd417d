package fr.coffre.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.coffre.KeyRef;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One key-registry file (format {@value #FORMAT}): a data key or a registry secret, every version wrapped by a
 * master-key version in custody. A destroyed entry is a tombstone: state {@code destroyed}, no wrapped bytes.
 * Holds no patient identifier: data-key ids are keyed pseudonyms. {@code generation} counts the replacements of
 * the file (absent: 0); {@link RegistryStore#replace} compares and swaps on it. {@code shredded} is only set on
 * the shred list ({@link ShredList}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RegistryEntry(String format, String kind, String id, String state, List<Version> versions, String destroyedAt,
                     Long generation, List<String> shredded) {
    static final String FORMAT = "coffre-key-registry/1";
    static final String DATA_KEY = "data-key";
    static final String SECRET = "secret";
    static final String ACTIVE = "active";
    static final String DESTROYED = "destroyed";

    /** One version: which master-key version wrapped it, and the wrapped bytes (base64). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Version(int version, Master master, String wrapped, String createdAt) {
        KeyRef masterRef() {
            return new KeyRef(master.scheme(), master.keyId(), master.version());
        }

        Version rewrapped(KeyRef newMaster, String newWrapped) {
            return new Version(version, Master.of(newMaster), newWrapped, createdAt);
        }

        /** Like the entry's: the wrapped key stays off logs (custody access would turn it into the data key). */
        @Override
        public String toString() {
            return "Version[" + version + ", master=" + master + ", createdAt=" + createdAt + ", wrapped redacted]";
        }
    }

    record Master(String scheme, String keyId, int version) {
        static Master of(KeyRef ref) {
            return new Master(ref.scheme(), ref.keyId(), ref.version());
        }
    }

    RegistryEntry(String format, String kind, String id, String state, List<Version> versions, String destroyedAt) {
        this(format, kind, id, state, versions, destroyedAt, null, null);
    }

    long gen() {
        return generation == null ? 0 : generation;
    }

    RegistryEntry withGeneration(long value) {
        return new RegistryEntry(format, kind, id, state, versions, destroyedAt, value, shredded);
    }

    boolean destroyed() {
        return DESTROYED.equals(state);
    }

    Version version(int number) {
        return versions.stream().filter(v -> v.version() == number).findFirst().orElse(null);
    }

    int latestVersion() {
        return versions.stream().mapToInt(Version::version).max().orElse(0);
    }

    RegistryEntry withVersions(List<Version> newVersions) {
        return new RegistryEntry(format, kind, id, state, List.copyOf(newVersions), destroyedAt, generation, shredded);
    }

    RegistryEntry tombstone(String when) {
        return new RegistryEntry(FORMAT, kind, id, DESTROYED, List.of(), when, generation, null);
    }

    /** Context bound into every wrap: format, kind, id and version, so a wrapped key cannot be moved. */
    static byte[] wrapContext(String kind, String id, int version) {
        return (FORMAT + "\0" + kind + "\0" + id + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** Shows kind, id and state; the wrapped bytes are not needed to diagnose anything. */
    @Override
    public String toString() {
        return "RegistryEntry[" + kind + "/" + id + ", " + state + ", generation " + gen() + ", " + (versions == null ? 0 : versions.size())
                + " versions]";
    }
}
