package fr.coffre.core;
import fr.coffre.crypto.DecryptedObject;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreDescriptor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Client-side-encrypted objects in one {@link ObjectStore}, keys in custody through a {@link KeyRegistry}.
 *
 * <h2>What the store sees</h2>
 * Only COF1 ciphertext (FORMAT.md) under opaque names: every '/'-separated segment of a logical name is encrypted
 * with AES-SIV and base32-encoded. Content, sealed metadata, plaintext names and patient identifiers never reach the
 * store; headers carry only a pseudonymous data-key reference.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Every object is bound to its <em>logical identity</em> ({@code "<vault id>/<name>"}): bytes swapped between
 *       objects, copied to another name or another vault fail with
 *       {@link fr.coffre.crypto.TamperedObjectException}, before any plaintext of the affected segment is
 *       released.</li>
 *   <li>Writes stream with bounded memory (a few segments) whatever the size, and are atomic: a failed or
 *       interrupted put leaves the previous object or nothing, never something a reader accepts.</li>
 *   <li>Objects of a {@linkplain #shred shredded} subject raise {@link fr.coffre.KeyDestroyedException}
 *       wherever their bytes are.</li>
 *   <li>Exceptions and {@code toString} never contain logical names, subjects, metadata values or keys; they name
 *       the opaque store name instead.</li>
 *   <li>A store belongs to one key registry: its vault marker ({@link #VAULT_MARKER}) is checked before the first
 *       access, and a store of another registry raises {@link RegistryMismatchException} before anything is read,
 *       written, created or recorded.</li>
 *   <li>Thread-safe. Closing a Coffre closes the registry it built itself, never the store or the custodian.</li>
 * </ul>
 */
public final class Coffre implements AutoCloseable {
    /**
     * The store name of the vault marker: a small object naming, by a fingerprint, the key registry the store's
     * objects belong to (no vault id, object name or patient data). Written before the first write to a store that
     * has none; a store whose marker names another registry is refused ({@link RegistryMismatchException}) before
     * any access. Listings of logical names never show it; a migration carries it to the destination.
     */
    public static final String VAULT_MARKER = "coffre-vault";
    private static final Pattern VAULT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private final ObjectStore store;
    private final KeyRegistry registry;
    private final boolean ownsRegistry;
    private final String vaultId;
    private final StoreNames names;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final ObjectAuthenticator authenticator;
    private final Policy policy;
    private final TransferMap transfers;
    private final AuditContext audit;
    private final VaultMarker marker;

    private Coffre(Builder b, KeyRegistry registry, boolean ownsRegistry, SecureRandom random) {
        this.store = b.store;
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.vaultId = b.vaultId;
        this.marker = new VaultMarker(store, registry.registryId());
        this.names = new StoreNames(store, new NameCipher(registry.nameCipher(), vaultId), b.legacyNames, marker);
        this.reader = new ObjectReader(store, registry);
        this.writer = new ObjectWriter(store, registry, b.segmentSizeBytes, b.sizePadding, random);
        this.authenticator = new ObjectAuthenticator(store, registry);
        this.policy = b.checkedPolicy;
        this.transfers = b.checkedTransfers;
        this.audit = new AuditContext(registry, b.principal, b.reason, vaultId, store.descriptor().provider(),
                policy.requireReason(), !b.withoutAuditForBenchmark);
        for (Transfer t : transfers.transfers()) {
            if (t.basis() == Transfer.Basis.EXCEPTION) {
                audit.recordPolicyException(t);
            }
        }
    }

    /** A view of {@code base} acting under {@code audit}; shares everything, closes nothing. */
    private Coffre(Coffre base, AuditContext audit) {
        this.store = base.store;
        this.registry = base.registry;
        this.ownsRegistry = false;
        this.vaultId = base.vaultId;
        this.names = base.names;
        this.marker = base.marker;
        this.reader = base.reader;
        this.writer = base.writer;
        this.authenticator = base.authenticator;
        this.policy = base.policy;
        this.transfers = base.transfers;
        this.audit = audit;
    }

    /**
     * A view of this Coffre whose accesses are recorded with {@code reason} (the purpose of access, e.g.
     * {@code "care: consultation 2026-12-02"}; 1 to 256 characters, never a patient identifier). It shares the store,
     * registry and trail; closing it closes nothing.
     */
    public Coffre withReason(String reason) {
        return new Coffre(this, audit.withReason(reason));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Encrypts {@code data} (read to its end, not closed) into the object {@code name}, replacing any previous one.
     *
     * @throws InvalidInputException invalid name or options, or a declared length the data did not match
     * @throws fr.coffre.KeyDestroyedException if the options' subject was shredded
     */
    public ObjectStat put(String name, InputStream data, PutOptions options) {
        PutOptions o = options == null ? PutOptions.defaults() : options;
        // a store of another registry: refused before any key, object or audit record
        return audit.access("put", name, o.subject().orElse(null), marker::checkForRead, () -> {
            String storeName = names.cipher().storeName(name);
            marker.checkForWrite();   // once the access is allowed and the name valid: before any key or object
            ObjectStat stat = writer.put(storeName, identity(name), data, o);
            names.removeLegacy(name);
            return stat;
        });
    }

    /**
     * Opens the whole object: authenticated metadata now, plaintext as it is read.
     *
     * @throws fr.coffre.store.ObjectNotFoundException if absent
     * @throws fr.coffre.crypto.TamperedObjectException if its bytes were altered, swapped or renamed
     * @throws fr.coffre.KeyUnavailableException or its subclass {@code KeyDestroyedException}
     */
    public DecryptedObject get(String name) {
        return audit.access("get", name, null, marker::checkForRead,
                () -> names.read(name, at -> reader.get(at, identity(name))));
    }

    /**
     * Opens plaintext bytes {@code [offsetBytes, offsetBytes + lengthBytes)} (fewer if the object ends first),
     * fetching from the store only the header and the segments holding that range.
     */
    public DecryptedObject get(String name, long offsetBytes, long lengthBytes) {
        return audit.access("get-range", name, null, marker::checkForRead, () ->
                names.read(name, at -> reader.get(at, identity(name), offsetBytes, lengthBytes)));
    }

    /**
     * Authenticates the stored object {@code storeName} as it is (for verification after a migration or a repair):
     * decrypts its name, then reads it whole through COF1 (key commitment, sealed metadata, every segment tag,
     * identity bound to the decrypted name), discarding the plaintext as it is verified.
     *
     * @throws fr.coffre.crypto.TamperedObjectException if its name was not made by this vault or any check fails
     * @throws fr.coffre.store.ObjectNotFoundException if absent
     * @throws fr.coffre.KeyUnavailableException or its subclass {@code KeyDestroyedException}
     */
    public AuthenticatedObject authenticate(String storeName) {
        marker.checkForRead();
        String logical = names.cipher().logicalName(storeName);
        if (logical == null) {
            throw new fr.coffre.crypto.TamperedObjectException("object " + storeName
                    + ": its name was not encrypted by this vault's names secret");
        }
        return authenticator.authenticate(storeName, identity(logical));
    }

    /**
     * Store size, plaintext length and data-key reference, from the store's stat and the header (no key used), or
     * for a size-padded object from its authenticated sealed length (its data key is used; a shredded subject's
     * padded object gives -1: it is still stored, its length went with its key).
     */
    public ObjectStat stat(String name) {
        return audit.access("stat", name, null, marker::checkForRead,
                () -> names.read(name, at -> reader.stat(at, identity(name))));
    }

    public boolean exists(String name) {
        marker.checkForRead();
        return names.exists(name);
    }

    /**
     * Copies the object {@code from} to {@code to}, replacing any object there, without decrypting it: its ciphertext
     * is copied in the store (server-side where the store can), which is only valid because both names are bound to
     * the same identity: a staged name and its destination, or two staged names of one destination
     * ({@link StagedNames}; how an output committer commits). The source stays; nothing is authenticated here, every
     * later read is.
     *
     * @throws InvalidInputException invalid names, or names of different destinations (re-encrypt instead: get, then
     *         put)
     * @throws fr.coffre.store.ObjectNotFoundException if {@code from} is absent (nothing is written)
     */
    public void copyStaged(String from, String to) {
        audit.access("copy", to, null, marker::checkForRead, () -> {
            String target = names.cipher().storeName(to);
            LogicalNames.validateName(from);   // before any comparison or I/O
            if (!StagedNames.sameDestination(from, to)) {
                throw new InvalidInputException("to: must have the destination of 'from' (FORMAT.md 4.3), had another;"
                        + " an object of another destination must be re-encrypted");
            }
            marker.checkForWrite();
            names.read(from, at -> {
                store.copy(at, target);
                return null;
            });
            names.removeLegacy(to);
            return null;
        });
    }

    /** Deletes the object; deleting a missing object is not an error. */
    public void delete(String name) {
        audit.access("delete", name, null, marker::checkForRead, () -> {
            names.delete(name);
            return null;
        });
    }

    /**
     * Writes the store's vault marker ({@link #VAULT_MARKER}) now if it has none (as the first put would): the
     * store then refuses every Coffre on another key registry. Idempotent.
     *
     * @return true if it was written now, false if the store already had this registry's marker
     * @throws RegistryMismatchException if the store's marker names another key registry
     */
    public boolean markStore() {
        return marker.checkForWrite();
    }

    /** The opaque name under which {@code name} is (or would be) written (its padded form, FORMAT.md §13). */
    public String storeName(String name) {
        return names.cipher().storeName(name);
    }

    /**
     * One page of the logical names starting with {@code prefix} ({@code ""} for all). Whole leading segments are
     * matched in the store; a partial last segment is matched after decryption, so pages may come back short.
     *
     * @param pageToken {@code null} for the first page, else the previous page's {@link NamePage#nextToken()}
     * @param maxResults store page size, 1 to 1000
     */
    public NamePage list(String prefix, String pageToken, int maxResults) {
        return audit.access("list", null, null, marker::checkForRead, () -> listPage(prefix, pageToken, maxResults));
    }

    private NamePage listPage(String prefix, String pageToken, int maxResults) {
        if (maxResults < 1 || maxResults > 1000) {
            throw new InvalidInputException("maxResults: must be in [1, 1000], was " + maxResults);
        }
        StoreNames.Page page = names.list(prefix, pageToken, maxResults);
        List<String> out = new ArrayList<>();
        int skipped = 0;
        for (ObjectInfo o : page.store().objects()) {
            String logical = names.cipher().logicalName(o.name());
            if (logical == null) {
                skipped += o.name().equals(VAULT_MARKER) ? 0 : 1;
            } else if (logical.startsWith(prefix)) {
                out.add(logical);
            }
        }
        return new NamePage(out, java.util.Optional.ofNullable(page.nextToken()), skipped);
    }

    /** Every logical name starting with {@code prefix}, fetched lazily page by page. */
    public Stream<String> list(String prefix) {
        audit.access("list", null, null, marker::checkForRead, () -> names.cipher().storePrefixes(prefix));
        Iterator<String> it = new Iterator<>() {
            private Iterator<String> current = List.<String>of().iterator();
            private String token;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !last) {
                    NamePage page = listPage(prefix, token, 1000);
                    current = page.names().iterator();
                    token = page.nextToken().orElse(null);
                    last = token == null;
                }
                return current.hasNext();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    /**
     * Crypto-shreds a subject in the key registry (see {@link KeyRegistry#shred}); returns key versions destroyed.
     * Appends a destruction certificate (AUDIT.md) naming the subject's pseudonym and the key versions destroyed,
     * then the shred record.
     */
    public int shred(String subject) {
        return audit.access("shred", null, subject, () ->
                registry.shred(subject, keys -> audit.certify(subject, keys)).size());
    }

    /**
     * Bulk ingest: creates at once the data keys of {@code subjects} that have none yet (one registry lock, one
     * shred-list check, one batch write: {@link KeyRegistry#prepareSubjectKeys}), so that the puts that follow for
     * them find their key instead of each creating one. Under the policy's reason rule like an access; recorded as
     * one {@code prepare-subjects} record (no subject pseudonym: each subject's own puts are recorded with theirs).
     *
     * @return how many data keys were created
     * @throws fr.coffre.KeyDestroyedException if any subject was shredded; nothing is created then
     */
    public int prepareSubjects(java.util.Collection<String> subjects) {
        return audit.access("prepare-subjects", null, null, () -> registry.prepareSubjectKeys(subjects));
    }

    /** The authentic destruction certificates of {@code subject} (see {@link KeyRegistry#destructionCertificates}). */
    public List<fr.coffre.core.audit.AuditRecord> destructionCertificates(String subject) {
        return registry.destructionCertificates(subject);
    }

    /** Rotates the master key and re-protects every data key; no object is read or rewritten. */
    public RotationReport rotateMasterKey(RotationListener listener) {
        return audit.run("rotate-master-key", null, null, () ->
                registry.rotateMasterKey(listener == null ? RotationListener.NONE : listener));
    }

    /** Retires unused master-key versions (see {@link KeyRegistry#retireUnusedMasterKeyVersions}), audited. */
    public List<fr.coffre.KeyRef> retireUnusedMasterKeyVersions() {
        return audit.run("retire-master-keys", null, null, registry::retireUnusedMasterKeyVersions);
    }

    /** Withdraws a vanished registry's master-key claim (see {@link KeyRegistry#withdrawMasterKeyClaim}), audited. */
    public java.util.Set<Integer> withdrawMasterKeyClaim(String registryId) {
        return audit.run("withdraw-master-key-claim", null, null, () -> registry.withdrawMasterKeyClaim(registryId));
    }

    /** Verifies the whole audit trail (see {@link KeyRegistry#verifyAuditTrail()}). */
    public fr.coffre.core.audit.AuditReport verifyAuditTrail() {
        return registry.verifyAuditTrail();
    }

    /**
     * Reversibility: writes every record whose logical name starts with {@code prefix} ({@code ""} for all) as a
     * plaintext file under {@code dir} (absent or empty; created owner-only) at its logical name, with a manifest
     * of SHA-256 digests sealed under the audit trail's custody-held key (AUDIT.md, "Export"). Names that would lead
     * outside {@code dir} are refused ({@link InvalidInputException}). Audited (action {@code export}, and each read).
     */
    public ExportReport exportPrefix(Path dir, String prefix) {
        return audit.access("export", null, null, () -> VaultExport.export(this, dir, prefix, null,
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("prefix", prefix)));
    }

    /**
     * {@link #exportPrefix} for the records of {@code subject} (those under its data keys, found by reading each
     * object's header); the manifest names the subject by its audit pseudonym only.
     */
    public ExportReport exportSubject(Path dir, String subject) {
        return audit.access("export", null, subject, () -> VaultExport.export(this, dir, "",
                registry.subjectKeyIds(subject), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode().put("subject", registry.auditPseudonym("subject", subject))));
    }

    /** Checks an export directory: the manifest's seal, then every listed file's SHA-256. */
    public ExportCheck verifyExport(Path dir) {
        return VaultExport.verify(registry, dir);
    }

    /**
     * A compliance report of this vault (stores, custody, algorithms, policy, registry, audit trail verified now,
     * migrations recorded): no secret, credential, object name or patient identifier. Reads every registry entry
     * and the whole trail.
     */
    public ComplianceReport complianceReport() {
        return ComplianceReports.of(this);
    }

    public KeyRegistry keyRegistry() {
        return registry;
    }

    public StoreDescriptor storeDescriptor() {
        return store.descriptor();
    }

    public CustodyDescriptor custodyDescriptor() {
        return registry.custody();
    }

    public String vaultId() {
        return vaultId;
    }

    /** The policy this Coffre was checked against (custody jurisdictions as finally set), with its exceptions. */
    public Policy policy() {
        return policy;
    }

    /** The map of transfers: this Coffre's store, where it is and why {@link #policy()} allows it. */
    public TransferMap transfers() {
        return transfers;
    }

    /** Keyed, versioned pseudonyms of patient identifiers under the key registry's secrets. */
    public Pseudonyms pseudonyms() {
        return registry.pseudonyms();
    }

    /** {@code "<vault id>/<name's destination>"}: a staged name is bound to its destination ({@link StagedNames}). */
    private byte[] identity(String name) {
        return (vaultId + "/" + StagedNames.destination(name)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }

    @Override
    public String toString() {
        return "Coffre[vault=" + vaultId + ", store=" + store.descriptor() + ", " + registry + "]";
    }

    /**
     * Builds a Coffre. Required: {@link #store}, {@link #vaultId}, and either {@link #keyRegistry} (shared, owned by
     * the caller) or {@link #custodian} plus {@link #registryDirectory} (a registry owned by this Coffre).
     */
    public static final class Builder {
        private ObjectStore store;
        private KeyRegistry keyRegistry;
        private KeyCustodian custodian;
        private Path registryDirectory;
        private String vaultId;
        private int segmentSizeBytes = EncryptionSpec.DEFAULT_SEGMENT_SIZE_BYTES;
        /** Cache, randomness and jurisdictions: kept, defaulted and checked by the registry's own builder. */
        private final KeyRegistry.Builder registrySettings = KeyRegistry.builder();
        private Policy policy = Policy.development();
        private Policy checkedPolicy;
        private TransferMap checkedTransfers;
        private String principal = KeyRegistry.UNSPECIFIED_PRINCIPAL;
        private String reason;
        private boolean withoutAuditForBenchmark;
        private boolean legacyNames = true;
        private boolean sizePadding;

        private Builder() {
        }

        /** Who acts (an application-supplied identity, recorded in the audit trail); default "unspecified". */
        /**
         * Package-private, for {@code AuditBench} only: appends no audit record, so that the trail's cost can be
         * measured against the same operations without it. Auditing is otherwise always on.
         */
        Builder withoutAuditForBenchmark() {
            this.withoutAuditForBenchmark = true;
            return this;
        }

        public Builder principal(String value) {
            this.principal = AuditContext.check("principal", value);
            return this;
        }

        /** The default reason (purpose of access) recorded for every access; see {@link Coffre#withReason}. */
        public Builder reason(String value) {
            this.reason = AuditContext.check("reason", value);
            return this;
        }

        /** Where the trail of a registry this Coffre builds goes; default {@code audit/} in the registry directory. */
        public Builder auditDirectory(Path value) {
            registrySettings.auditDirectory(value);
            return this;
        }

        /** When the trail's appends return relative to fsync; see KeyRegistry.Builder#auditDurability. */
        public Builder auditDurability(fr.coffre.core.audit.AuditDurability value) {
            registrySettings.auditDurability(value);
            return this;
        }

        /** How long the trail of a registry this Coffre builds keeps records; see KeyRegistry.Builder#auditRetention. */
        public Builder auditRetention(java.time.temporal.TemporalAmount value) {
            registrySettings.auditRetention(value);
            return this;
        }

        public Builder store(ObjectStore value) {
            this.store = value;
            return this;
        }

        /** A registry shared with other Coffre instances (e.g. one per store); not closed by this Coffre. */
        public Builder keyRegistry(KeyRegistry value) {
            this.keyRegistry = value;
            return this;
        }

        public Builder custodian(KeyCustodian value) {
            this.custodian = value;
            return this;
        }

        public Builder registryDirectory(Path value) {
            this.registryDirectory = value;
            return this;
        }

        /**
         * Whether the registry this Coffre builds (from {@link #custodian} and {@link #registryDirectory}) may be
         * created, with its master key, if missing; default false (see {@link KeyRegistry.Builder#createIfMissing}).
         */
        public Builder createRegistryIfMissing(boolean value) {
            registrySettings.createIfMissing(value);
            return this;
        }

        /** Names this vault; bound into every object's identity and name. {@code [A-Za-z0-9._-]{1,64}}. */
        public Builder vaultId(String value) {
            this.vaultId = value;
            return this;
        }

        /**
         * Whether objects may still be stored under names encrypted before name padding (FORMAT.md §13); default
         * {@code true}. Costs while on: a put or delete also deletes the legacy name (one more request), a read of a
         * missing object looks twice, a listing with a '/' in its prefix pages through two store prefixes. Turn it off
         * for vaults created padded (or whose objects were all rewritten since). A store whose first object was
         * written by this version records it in its vault marker, and is then never searched for legacy names.
         */
        public Builder legacyNames(boolean value) {
            this.legacyNames = value;
            return this;
        }

        /**
         * Whether new objects are written size-padded (COF1 suite 2, FORMAT.md §6.2): the plaintext is padded to its
         * Padmé length (at most 11.2 % plus 8 bytes more), so a stored size reveals only the bucket of the length,
         * not the length that could single a record out. Default {@code false}. Objects of either kind are read
         * whatever the setting. Costs: the extra bytes, and one more ranged read of the object's final segment for
         * a {@link #stat} or a ranged read of a padded object whose length was not declared when it was written
         * ({@link PutOptions.Builder#plaintextLengthBytes}); such a stat also needs the object's data key.
         */
        public Builder sizePadding(boolean value) {
            this.sizePadding = value;
            return this;
        }

        /** COF1 segment size for new objects: a power of two, 4 KiB to 8 MiB; default 64 KiB. */
        public Builder segmentSizeBytes(int value) {
            this.segmentSizeBytes = value;
            return this;
        }

        /** Cache of unwrapped data keys of a registry this Coffre builds (see {@link KeyRegistry}). */
        public Builder cache(int maxEntries, Duration timeToLive) {
            registrySettings.cacheMaxEntries(maxEntries).cacheTimeToLive(timeToLive);
            return this;
        }

        public Builder secureRandom(SecureRandom value) {
            registrySettings.secureRandom(value);
            return this;
        }

        /**
         * ISO 3166-1 alpha-2 codes where custody may be; default {@code FR}. Replaces the custody jurisdictions of
         * the {@link #policy} (the last call of the two wins for them).
         */
        public Builder allowedJurisdictions(Set<String> value) {
            registrySettings.allowedJurisdictions(value);
            return this;
        }

        /**
         * The sovereignty policy, checked by {@link #build()} on the store's and the custody's descriptors before
         * either is contacted; default {@link Policy#development()}. Sets the custody jurisdictions too.
         */
        public Builder policy(Policy value) {
            if (value == null) {
                throw new InvalidInputException("policy: must be non-null");
            }
            this.policy = value;
            registrySettings.allowedJurisdictions(value.custodyJurisdictions());
            return this;
        }

        public Coffre build() {
            if (store == null) {
                throw new InvalidInputException("store: must be set");
            }
            fr.coffre.crypto.Cof1.warmUp();
            if (vaultId == null || !VAULT_ID.matcher(vaultId).matches()) {
                throw new InvalidInputException("vaultId: must match " + VAULT_ID + ", was "
                        + (vaultId == null ? "null" : "'" + vaultId + "'"));
            }
            if ((keyRegistry == null) == (custodian == null)) {
                throw new InvalidInputException("keyRegistry, custodian: set exactly one of them");
            }
            if (custodian != null && registryDirectory == null) {
                throw new InvalidInputException("registryDirectory: must be set with custodian");
            }
            Set<String> allowedJurisdictions = registrySettings.checkedJurisdictions();
            checkedPolicy = policy.toBuilder().allowCustodyJurisdictions(allowedJurisdictions).build();
            checkedTransfers = checkedPolicy.transfers(List.of(store.descriptor()));
            EncryptionSpec.builder().keyRef(new fr.coffre.KeyRef("coffre-dk", "check", 1))
                    .logicalIdentity(new byte[1]).segmentSizeBytes(segmentSizeBytes).build();
            SecureRandom random = registrySettings.randomOrDefault();
            if (keyRegistry != null) {
                Policy.checkCustody(keyRegistry.custody(), allowedJurisdictions);
                return new Coffre(this, keyRegistry, false, random);
            }
            KeyRegistry owned = registrySettings.custodian(custodian).directory(registryDirectory).build();
            return new Coffre(this, owned, true, random);
        }
    }
}
