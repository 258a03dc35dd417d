package fr.coffre.core;
import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.crypto.AesSiv;

import fr.coffre.CoffreException;
import fr.coffre.InvalidInputException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyVersionInfo;
import fr.coffre.core.audit.AuditDurability;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditReport;
import fr.coffre.core.audit.AuditSink;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.core.audit.DirectoryAuditSink;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The data keys of a Coffre deployment, kept on the custody side (a local directory by default, or any
 * {@link RegistryStorage} such as PostgreSQL; never the object store).
 *
 * <h2>Hierarchy</h2>
 * Master key (versioned, in the {@link KeyCustodian}) → one 256-bit data key per subject (a patient) or per
 * collection, stored only wrapped by the master key → per-object keys derived inside COF1. Data-key ids are keyed
 * pseudonyms: HMAC-SHA-256 of the subject or collection name under a versioned pseudonym secret that is itself a
 * wrapped registry secret; no patient identifier is written anywhere. A third secret encrypts object names.
 *
 * <h2>Security guarantees and restrictions</h2>
 * <ul>
 *   <li>Files are written atomically and owner-only; each wrap is bound to its entry's kind, id and version.</li>
 *   <li>{@link #rotateMasterKey} re-protects every entry under a new master-key version: cost proportional to the
 *       number of data keys, no object byte read or rewritten. Old versions keep unprotecting until retired
 *       ({@link #retireUnusedMasterKeyVersions}).</li>
 *   <li>{@link #shred} overwrites and replaces a subject's entry with a tombstone and zeroes it in memory: every
 *       object of that subject, on every store and copy, then fails with {@link KeyDestroyedException}. Copies of
 *       the registry (backups) stay decryptable until the master-key versions that wrapped them are retired or
 *       destroyed in custody.</li>
 *   <li><b>Cache trade-off.</b> Unwrapped data keys are cached (default {@value #DEFAULT_CACHE_MAX_ENTRIES} keys,
 *       {@link #DEFAULT_CACHE_TIME_TO_LIVE}) so that small records do not cost one HSM/KMS round trip each. While
 *       cached, a key sits in this JVM's heap (a heap dump or memory disclosure can reveal it) and a shred or
 *       master-key retirement done by <em>another process</em> takes effect here only when the entry expires.
 *       Shreds done through this instance take effect at once. Set the size to 0 to disable caching.</li>
 *   <li>Several processes may share a registry for every operation (a directory: on one host; PostgreSQL: on
 *       any number of hosts): life-cycle changes hold the storage's lock and every replace compares and swaps
 *       on the entry's generation ({@link RegistryStorage}). For a directory: life-cycle changes
 *       hold a file lock ({@code registry.lock}) and every replace compares and swaps on the entry's generation.
 *       Thread-safe.</li>
 * </ul>
 */
public final class KeyRegistry implements AutoCloseable {
    /** The principal recorded when none was given. */
    static final String UNSPECIFIED_PRINCIPAL = "unspecified";
    public static final String DATA_KEY_SCHEME = "coffre-dk";
    public static final String DEFAULT_MASTER_KEY_ID = "coffre-master";
    public static final int DEFAULT_CACHE_MAX_ENTRIES = 1000;
    public static final Duration DEFAULT_CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
    static final int DATA_KEY_BYTES = 32;
    private static final int MAX_OWNER_CHARS = 256;

    private final KeyCustodian custodian;
    private final String masterKeyId;
    private final RegistryStore dir;
    private final EntryCrypto crypto;
    private final MasterKeyClaims claims;
    private final RegistrySecrets secrets;
    private final KeyRefBlinding blinding;
    private final DataKeyCache cache;
    private final MasterKeyRotation rotation;
    private final ShredList shreds;
    private final SecureRandom random;
    private final DirectoryAuditSink audit;
    private final java.time.temporal.TemporalAmount auditRetention;
    private final AuditDurability auditDurability;
    private volatile boolean closed;

    /** A data key lent for one operation; the caller destroys {@code key}. */
    record Lease(KeyRef ref, SecretBytes key) {
    }

    private KeyRegistry(Builder b) {
        this.custodian = b.custodian;
        this.masterKeyId = b.masterKeyId;
        this.random = b.random;
        Policy.checkCustody(custodian.descriptor(), b.allowedJurisdictions);
        if (b.createIfMissing) {
            ensureMasterKey();
        }
        this.dir = b.storage != null ? new RegistryStore(b.storage, masterKeyId, b.createIfMissing, random)
                : RegistryStore.directory(b.directory, masterKeyId, b.createIfMissing, random);
        if (!b.createIfMissing && !custodian.exists(masterKeyId)) {
            dir.close();
            throw new KeyUnavailableException("master key '" + masterKeyId + "': not in "
                    + custodian.descriptor().scheme() + " custody " + custodian.descriptor().endpoint()
                    + " though key registry " + dir.location()
                    + " uses it; nothing was created. Check the custody (--custody, --keystore), or create the master"
                    + " key explicitly: coffre init, or KeyRegistry.Builder.createIfMissing(true)");
        }
        this.claims = new MasterKeyClaims(custodian, masterKeyId, dir.registryId());
        if (custodian.exists(masterKeyId)) {
            claims.claimOnOpen();
        }
        this.crypto = new EntryCrypto(custodian, masterKeyId, claims);
        this.secrets = new RegistrySecrets(dir, crypto, random);
        this.blinding = new KeyRefBlinding(secrets.keyRefs());
        this.cache = new DataKeyCache(b.cacheMaxEntries, b.cacheTimeToLive, b.nanoTime);
        this.rotation = new MasterKeyRotation(custodian, masterKeyId, dir, crypto, claims);
        this.shreds = new ShredList(dir, crypto);
        this.audit = DirectoryAuditSink.builder().custodian(custodian).masterKeyId(masterKeyId).secureRandom(random)
                .directory(b.auditDirectory == null ? dir.directory().orElseThrow().resolve("audit") : b.auditDirectory)
                .retention(b.auditRetention).durability(b.auditDurability).build();
        this.auditRetention = b.auditRetention;
        this.auditDurability = b.auditDurability;
    }

    /** How long the trail keeps records (for the compliance report). */
    java.time.temporal.TemporalAmount auditRetention() {
        return auditRetention;
    }

    /** When the trail's appends reach stable storage (for the compliance report). */
    AuditDurability auditDurability() {
        return auditDurability;
    }

    private static final Set<String> RUN_ACTIONS = Set.of("migrate", "verify", "repair");

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The registry's id: random, not secret, fixed at creation; the vault marker of a store derives from it, and
     * its claims on master-key versions in custody name it.
     */
    public String registryId() {
        return dir.registryId();
    }

    private void ensureMasterKey() {
        if (!custodian.exists(masterKeyId)) {
            try {
                custodian.createKey(masterKeyId);
            } catch (InvalidInputException raced) {
                if (!custodian.exists(masterKeyId)) {
                    throw raced;
                }
            }
        }
    }

    /** The data key new objects of {@code owner} (a subject or a collection) are written under; created if absent. */
    Lease keyForWrite(boolean subject, String owner) {
        checkOpen();
        validateOwner(subject ? "subject" : "collection", owner);
        String id = secrets.dataKeyId(secrets.currentPseudonymVersion(), subject, owner);
        KeyRef ref = new KeyRef(DATA_KEY_SCHEME, id, 1);
        SecretBytes cached = cache.copyOf(ref);
        if (cached != null) {
            return new Lease(ref, cached);
        }
        Optional<RegistryEntry> entry = dir.read(RegistryEntry.DATA_KEY, id);
        if (entry.isEmpty()) {
            try (RegistryStorage.Held held = dir.lock()) {
                secrets.reload();
                id = secrets.dataKeyId(secrets.currentPseudonymVersion(), subject, owner);
                ref = new KeyRef(DATA_KEY_SCHEME, id, 1);
                if (subject && shreds.containsAny(idsUnderEveryVersion(owner))) {
                    throw new KeyDestroyedException("data key " + ref + ": the subject was shredded (under an "
                            + "earlier pseudonym-secret version); new writes for it are refused");
                }
                try (SecretBytes dek = SecretBytes.random(DATA_KEY_BYTES, random)) {
                    dir.create(crypto.newEntry(RegistryEntry.DATA_KEY, id, dek));
                }
            }
            entry = dir.read(RegistryEntry.DATA_KEY, id);
        }
        return new Lease(ref, load(ref, entry.orElseThrow()));
    }

    /**
     * Prepares the data keys of many new subjects at once (bulk ingest): one registry lock, one shred-list check and
     * one batch write (one transaction on PostgreSQL) instead of one of each per subject; each key is still wrapped
     * by its own custody call. Subjects that already have a data key under the current pseudonym-secret version keep
     * it (the key prepared for them is dropped unwritten). Later writes for them find their key.
     *
     * @return how many data keys were created
     * @throws KeyDestroyedException if any subject was shredded (under any pseudonym-secret version); nothing is
     *         created then
     */
    public int prepareSubjectKeys(Collection<String> subjects) {
        checkOpen();
        if (subjects == null) {
            throw new InvalidInputException("subjects: must be set");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String subject : subjects) {
            validateOwner("subject", subject);
            distinct.add(subject);
        }
        try (RegistryStorage.Held held = dir.lock()) {
            secrets.reload();
            int version = secrets.currentPseudonymVersion();
            List<String> everyId = new ArrayList<>();
            distinct.forEach(subject -> everyId.addAll(idsUnderEveryVersion(subject)));
            if (shreds.containsAny(everyId)) {
                throw new KeyDestroyedException("prepareSubjectKeys: a subject of this batch was shredded; new "
                        + "writes for it are refused and no key of the batch was created");
            }
            List<RegistryEntry> entries = new ArrayList<>(distinct.size());
            for (String subject : distinct) {
                try (SecretBytes dek = SecretBytes.random(DATA_KEY_BYTES, random)) {
                    entries.add(crypto.newEntry(RegistryEntry.DATA_KEY, secrets.dataKeyId(version, true, subject), dek));
                }
            }
            return dir.createAll(entries);
        }
    }

    /** The subject's data-key ids under every pseudonym-secret version known now. */
    private List<String> idsUnderEveryVersion(String subject) {
        List<String> ids = new ArrayList<>();
        for (int version : secrets.pseudonymVersions()) {
            ids.add(secrets.dataKeyId(version, true, subject));
        }
        return ids;
    }

    /** How new objects' headers name {@code dataKey}: blinded per object (FORMAT.md §3.2). */
    fr.coffre.crypto.KeyRefBinding headerBinding(KeyRef dataKey) {
        return blinding.binding(dataKey);
    }

    /**
     * The data-key reference an object's header names: in clear ({@value #DATA_KEY_SCHEME}, objects written before
     * blinding) or blinded ({@code coffre-dkb}, unblinded with the key-reference secret; no custody call).
     *
     * @throws fr.coffre.crypto.TamperedObjectException if a blinded reference does not open
     * @throws KeyUnavailableException for any other scheme
     */
    KeyRef dataKeyRef(fr.coffre.crypto.Cof1Header header) {
        checkOpen();
        return KeyRefBlinding.SCHEME.equals(header.keyRef().scheme()) ? blinding.unblind(header) : header.keyRef();
    }

    /** The data key an object's header names, clear or blinded; the caller destroys it. */
    SecretBytes keyForRead(fr.coffre.crypto.Cof1Header header) {
        return keyForRead(dataKeyRef(header));
    }

    /** The data key named by a clear reference; the caller destroys it. */
    SecretBytes keyForRead(KeyRef ref) {
        checkOpen();
        if (!DATA_KEY_SCHEME.equals(ref.scheme())) {
            throw new KeyUnavailableException("data key " + ref + ": scheme must be " + DATA_KEY_SCHEME + " or "
                    + KeyRefBlinding.SCHEME);
        }
        SecretBytes cached = cache.copyOf(ref);
        if (cached != null) {
            return cached;
        }
        RegistryEntry entry = dir.read(RegistryEntry.DATA_KEY, ref.keyId()).orElseThrow(() ->
                new KeyUnavailableException("data key " + ref + ": not in this key registry (" + dir.location() + ")"));
        return load(ref, entry);
    }

    private SecretBytes load(KeyRef ref, RegistryEntry entry) {
        if (entry.destroyed() || shreds.containsAny(List.of(ref.keyId()))) {
            cache.shred(ref.keyId());
            throw new KeyDestroyedException("data key " + ref + ": destroyed (crypto-shredded)");
        }
        RegistryEntry.Version version = entry.version(ref.version());
        if (version == null) {
            throw new KeyUnavailableException("data key " + ref + ": no such version in the key registry");
        }
        SecretBytes key = crypto.unwrap(entry, version);
        SecretBytes copy = SecretBytes.wrap(key.copyBytes());
        try {
            cache.put(ref, key);
        } catch (KeyDestroyedException e) {
            copy.destroy();
            throw e;
        }
        return copy;
    }

    /** The trail every Coffre on this registry appends to (AUDIT.md); closed with the registry. */
    AuditSink auditSink() {
        return audit;
    }

    /** Where the audit trail is (default: {@code audit/} in the registry directory). */
    public Path auditDirectory() {
        return audit.directory();
    }

    /** Verifies the whole audit trail under its custody-held key (see {@link AuditVerifier}). */
    public AuditReport verifyAuditTrail() {
        return AuditVerifier.verify(audit.directory(), custodian);
    }

    /**
     * The keyed pseudonym of {@code value} of {@code kind} ({@code "object"} or {@code "subject"}) in the audit trail
     * under the current pseudonym-secret version (scheme {@code p}, label {@code audit-<kind>}).
     */
    String auditPseudonym(String kind, String value) {
        checkOpen();
        int v = secrets.currentPseudonymVersion();
        return secrets.withPseudonymSecret(v, s -> PseudonymScheme.pseudonym(s, v, "audit-" + kind, value));
    }

    /**
     * Records a consultation of the trail itself, e.g. {@code audit-export} of one subject's history (HDS: the
     * consultation of access traces is traced too): {@code subject}, if given, is recorded as its audit pseudonym.
     */
    public void recordAuditConsultation(String principal, String action, String subject, String reason) {
        if (action == null || !action.matches("audit-[a-z]{1,32}")) {
            throw new InvalidInputException("action: must match audit-[a-z]{1,32}");
        }
        String p = AuditContext.check("principal", principal);
        String r = AuditContext.check("reason", reason);
        audit.append(AuditRecord.event(p == null ? UNSPECIFIED_PRINCIPAL : p, action, null, null, null,
                subject == null ? null : auditPseudonym("subject", subject), r, AuditRecord.OK));
    }

    /**
     * Records a migration, verification or repair run ({@code action} {@code migrate}, {@code verify} or
     * {@code repair}) after it ended: {@code store} the provider written to or checked, {@code outcome} {@code ok},
     * a result word ({@code differences}, {@code incomplete}, {@code tampered}) or the exception's simple class name.
     */
    public void recordRun(String principal, String action, String vault, String store, String reason,
            String outcome) {
        if (action == null || !RUN_ACTIONS.contains(action)) {
            throw new InvalidInputException("action: must be one of " + RUN_ACTIONS);
        }
        if (outcome == null || !outcome.matches("[A-Za-z0-9-]{1,64}")) {
            throw new InvalidInputException("outcome: must match [A-Za-z0-9-]{1,64}");
        }
        String p = AuditContext.check("principal", principal);
        audit.append(AuditRecord.event(p == null ? UNSPECIFIED_PRINCIPAL : p, action, AuditContext.check("vault", vault),
                AuditContext.check("store", store), null, null, AuditContext.check("reason", reason), outcome));
    }

    /** The audit pseudonyms of {@code subject} under every pseudonym-secret version (to extract its history). */
    public List<String> auditSubjectPseudonyms(String subject) {
        checkOpen();
        validateOwner("subject", subject);
        return secrets.pseudonymVersions().stream().map(v -> secrets.withPseudonymSecret(v,
                s -> PseudonymScheme.pseudonym(s, v, "audit-subject", subject))).toList();
    }

    /**
     * The destruction certificates of {@code subject} in the trail (found through {@link #auditSubjectPseudonyms})
     * whose HMAC verifies under the custody-held key, oldest first; {@link #verifyAuditTrail()} says whether the
     * trail around them is whole.
     */
    public List<AuditRecord> destructionCertificates(String subject) {
        return AuditVerifier.certificates(audit.directory(), custodian, Set.copyOf(auditSubjectPseudonyms(subject)));
    }

    /** Seals {@code data} for {@code purpose} under the trail's custody-held key (export manifests). */
    String seal(String purpose, byte[] data) {
        checkOpen();
        return audit.seal(purpose, data);
    }

    KeyCustodian custodian() {
        return custodian;
    }

    /** The data-key ids {@code subject}'s objects may be under (every pseudonym-secret version). */
    Set<String> subjectKeyIds(String subject) {
        checkOpen();
        validateOwner("subject", subject);
        return Set.copyOf(idsUnderEveryVersion(subject));
    }

    AesSiv nameCipher() {
        return secrets.names();
    }

    DataKeyCache cache() {
        return cache;
    }

    /**
     * Crypto-shreds {@code subject}: destroys its data key (every version, under every pseudonym-secret version)
     * and leaves a tombstone, so its objects on every store raise {@link KeyDestroyedException} and new writes for
     * it are refused. Idempotent. The shred is also recorded in the registry's custody-authenticated shred list,
     * so restoring an old copy of the entry does not revive it. Pseudonym-secret versions added by other processes
     * are loaded first, under the registry lock.
     *
     * <p>Called on the registry directly (not through {@link Coffre#shred}), it still appends the destruction
     * certificate to the trail, with principal {@code unspecified} and no vault, store or reason: no shred goes
     * unrecorded.
     *
     * @return how many data-key versions were destroyed (0 if the subject had none or was already shredded)
     */
    public int shred(String subject) {
        return shred(subject, destroyed -> certify(UNSPECIFIED_PRINCIPAL, null, null, subject, null, destroyed))
                .size();
    }

    /** Appends the destruction certificate of a shred of {@code subject} (called under the registry lock). */
    void certify(String principal, String vault, String store, String subject, String reason,
            List<String> destroyedKeys) {
        audit.append(AuditRecord.certificate(principal, vault, store, auditPseudonym("subject", subject), reason,
                destroyedKeys));
    }

    /**
     * {@link #shred(String)}, then, still under the registry lock (so that certificates of one subject are in the
     * order of its shreds), hands {@code certify} the data-key versions destroyed as
     * {@code "<pseudonymous key id>:v<version>"} ({@code ":v?"} for an unreadable entry); returns them.
     */
    List<String> shred(String subject, java.util.function.Consumer<List<String>> certify) {
        checkOpen();
        validateOwner("subject", subject);
        List<String> destroyed = new ArrayList<>();
        try (RegistryStorage.Held held = dir.lock()) {
            secrets.reload();
            int current = secrets.currentPseudonymVersion();
            List<String> ids = idsUnderEveryVersion(subject);
            ids.forEach(cache::shred);
            shreds.add(ids);
            for (int version : secrets.pseudonymVersions()) {
                String id = secrets.dataKeyId(version, true, subject);
                Optional<RegistryEntry> entry = readLenient(id);
                if (entry.isPresent() && entry.get().destroyed() || entry.isEmpty() && version != current) {
                    continue;
                }
                String now = Instant.now().toString();
                dir.destroy(entry.orElse(new RegistryEntry(RegistryEntry.FORMAT, RegistryEntry.DATA_KEY, id,
                        RegistryEntry.ACTIVE, List.of(), null)).tombstone(now));
                entry.ifPresent(e -> destroyed.addAll(e.versions().isEmpty() ? List.of(id + ":v?")
                        : e.versions().stream().map(v -> id + ":v" + v.version()).toList()));
            }
            certify.accept(List.copyOf(destroyed));
        }
        return destroyed;
    }

    private Optional<RegistryEntry> readLenient(String id) {
        try {
            return dir.read(RegistryEntry.DATA_KEY, id);
        } catch (KeyUnavailableException malformed) {
            return Optional.of(new RegistryEntry(RegistryEntry.FORMAT, RegistryEntry.DATA_KEY, id,
                    RegistryEntry.ACTIVE, List.of(), null));
        }
    }

    /**
     * Creates a new master-key version in custody, then re-protects every registry entry under it
     * ({@link #rewrapToCurrentMasterKey}). Objects are neither read nor rewritten.
     */
    public RotationReport rotateMasterKey(RotationListener listener) {
        checkOpen();
        RotationReport report = rotation.rotate(listener);
        audit.rewrapKey();
        return report;
    }

    /** Re-protects every entry not yet under the current master-key version (resumes an interrupted rotation). */
    public RotationReport rewrapToCurrentMasterKey(RotationListener listener) {
        RotationReport report = rotation.rewrap(listener);
        audit.rewrapKey();
        return report;
    }

    /**
     * Retires in custody every superseded master-key version that no registry entry still uses, so registry
     * backups wrapped under them become useless.
     *
     * @return the versions retired
     */
    public List<KeyRef> retireUnusedMasterKeyVersions() {
        return rotation.retireUnused();
    }

    /**
     * The superseded master-key versions that other registries sharing this master key (same id, same custody)
     * claim, with how many claim each: what {@link #retireUnusedMasterKeyVersions} keeps for them.
     */
    public Map<KeyRef, Integer> masterKeyVersionsClaimedElsewhere() {
        checkOpen();
        Map<Integer, Integer> others = claims.claimedByOthers();
        Map<KeyRef, Integer> out = new java.util.LinkedHashMap<>();
        for (fr.coffre.custody.KeyVersionInfo v : custodian.versions(masterKeyId)) {
            if (v.state() == fr.coffre.custody.KeyState.SUPERSEDED && others.containsKey(v.ref().version())) {
                out.put(v.ref(), others.get(v.ref().version()));
            }
        }
        return out;
    }

    /**
     * Every claim on this registry's master key in custody: registry id → the versions that registry says it uses
     * (this registry's own under {@link #registryId()}). Empty if the custody keeps no claims.
     */
    public Map<String, Set<Integer>> masterKeyClaims() {
        checkOpen();
        return claims.all();
    }

    /**
     * Withdraws the claim of another registry sharing this master key that will never be opened again (deleted, or a
     * discarded copy), so {@link #retireUnusedMasterKeyVersions} no longer keeps versions for it. A registry that is
     * still in use claims again only when next opened: versions retired meanwhile must be reinstated in custody
     * before it can read what they wrap (KEY-MANAGEMENT.md §6).
     *
     * @return the versions it claimed
     * @throws InvalidInputException if {@code registryId} is this registry's own or claims nothing
     */
    public Set<Integer> withdrawMasterKeyClaim(String registryId) {
        checkOpen();
        return claims.withdraw(registryId);
    }

    /** Adds a pseudonym-secret version: data keys created from now on get ids under it. Returns the new version. */
    public int renewPseudonymSecret() {
        try (RegistryStorage.Held held = dir.lock()) {
            return secrets.renewPseudonymSecret();
        }
    }

    /** Keyed, versioned pseudonyms of patient identifiers for applications (see {@link Pseudonyms}). */
    public Pseudonyms pseudonyms() {
        checkOpen();
        return new Pseudonyms(secrets, this::checkOpen);
    }

    /** The master key's id in custody. */
    public String masterKeyId() {
        return masterKeyId;
    }

    /** Every version of the master key as custody reports it (state, creation time). */
    public List<KeyVersionInfo> masterKeyVersions() {
        checkOpen();
        return custodian.versions(masterKeyId);
    }

    /** What and where the custody holding the master key is. */
    public CustodyDescriptor custody() {
        return custodian.descriptor();
    }

    /** Counts entries (reads every registry file: cost proportional to the number of data keys). */
    public RegistryStatus status() {
        int live = 0;
        int destroyed = 0;
        for (String id : dir.ids(RegistryEntry.DATA_KEY)) {
            if (readLenient(id).map(RegistryEntry::destroyed).orElse(false)) {
                destroyed++;
            } else {
                live++;
            }
        }
        return new RegistryStatus(dir.location(), dir.directory().orElse(null), custodian.descriptor(), crypto.currentMaster(),
                secrets.currentPseudonymVersion(), live, destroyed, cache.size());
    }

    private static void validateOwner(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_OWNER_CHARS) {
            throw new InvalidInputException(field + ": must have 1 to " + MAX_OWNER_CHARS + " characters, was "
                    + (value == null ? "null" : value.length() + " characters"));
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field + ": must not contain control characters");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new CoffreException("key registry: closed");
        }
    }

    /** Zeroes every cached data key and registry secret. Does not close the custodian (the caller owns it). */
    @Override
    public void close() {
        closed = true;
        try {
            audit.close();
        } finally {
            cache.clear();
            secrets.close();
            dir.close();
        }
    }

    @Override
    public String toString() {
        return "KeyRegistry[" + dir.location() + ", custody " + custodian.descriptor().scheme() + "]";
    }

    /**
     * Builds a registry. Required: {@link #custodian} and one of {@link #directory} or {@link #storage} (then also
     * {@link #auditDirectory}). {@link #build()} checks the custody
     * jurisdiction against {@link #allowedJurisdictions} (default {@code FR}), then opens the registry. Creating one
     * is explicit: only with {@link #createIfMissing createIfMissing(true)} does it create the master key in custody
     * and the registry if absent; by default a missing registry is a {@link RegistryNotFoundException} and a missing
     * master key a {@link KeyUnavailableException}, with nothing written.
     */
    public static final class Builder {
        private KeyCustodian custodian;
        private Path directory;
        private RegistryStorage storage;
        private String masterKeyId = DEFAULT_MASTER_KEY_ID;
        private int cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;
        private Duration cacheTimeToLive = DEFAULT_CACHE_TIME_TO_LIVE;
        private SecureRandom random;
        private Set<String> allowedJurisdictions = Policy.DEFAULT_JURISDICTIONS;
        private LongSupplier nanoTime = System::nanoTime;
        private Path auditDirectory;
        private java.time.temporal.TemporalAmount auditRetention = java.time.Period.ofMonths(6);
        private AuditDurability auditDurability = AuditDurability.DEFAULT;
        private boolean createIfMissing;

        private Builder() {
        }

        /**
         * Whether {@link #build()} may create what is missing: the registry (directory and marker, or schema) with a
         * new registry id, and the master key in custody (idempotent: what exists is opened as it is). Default
         * false: opening a registry that does not exist (a moved or mistyped directory) throws
         * {@link RegistryNotFoundException} and writes nothing, so a vault never starts empty by accident. The
         * command line's {@code coffre init} is the explicit step that sets it.
         */
        public Builder createIfMissing(boolean value) {
            this.createIfMissing = value;
            return this;
        }

        /**
         * How long the audit trail keeps records (a {@link java.time.Period} or {@link Duration}, 1 day to 100
         * years; default 6 months); see {@link DirectoryAuditSink.Builder#retention}.
         */
        public Builder auditRetention(java.time.temporal.TemporalAmount value) {
            this.auditRetention = value;
            return this;
        }

        /** When an audit append returns relative to its fsync; see {@link AuditDurability}. */
        public Builder auditDurability(AuditDurability value) {
            if (value == null) {
                throw new InvalidInputException("auditDurability: must be non-null");
            }
            this.auditDurability = value;
            return this;
        }

        public Builder custodian(KeyCustodian value) {
            this.custodian = value;
            return this;
        }

        /** Where the wrapped entries live (custody side; back it up with the custody's backups). */
        public Builder directory(Path value) {
            this.directory = value;
            return this;
        }

        /**
         * Where the entries live when not in a directory (e.g. PostgreSQL); the registry opens it (creating its
         * marker or checking its master-key id) and closes it with itself.
         */
        public Builder storage(RegistryStorage value) {
            this.storage = value;
            return this;
        }

        /** Where the audit trail goes (custody side, apart from the data); default {@code audit/} in the directory. */
        public Builder auditDirectory(Path value) {
            this.auditDirectory = value;
            return this;
        }

        public Builder masterKeyId(String value) {
            this.masterKeyId = value;
            return this;
        }

        /** How many unwrapped data keys to keep in memory; 0 disables the cache. */
        public Builder cacheMaxEntries(int value) {
            this.cacheMaxEntries = value;
            return this;
        }

        /** How long an unwrapped data key may stay in memory after it was unwrapped. */
        public Builder cacheTimeToLive(Duration value) {
            this.cacheTimeToLive = value;
            return this;
        }

        public Builder secureRandom(SecureRandom value) {
            this.random = value;
            return this;
        }

        /** ISO 3166-1 alpha-2 codes where custody may be; default {@code FR}. */
        public Builder allowedJurisdictions(Set<String> value) {
            this.allowedJurisdictions = value == null ? null : Set.copyOf(value);
            return this;
        }

        Builder nanoTime(LongSupplier value) {
            this.nanoTime = value;
            return this;
        }

        public KeyRegistry build() {
            if (custodian == null) {
                throw new InvalidInputException("custodian: must be set");
            }
            if ((directory == null) == (storage == null)) {
                throw new InvalidInputException("directory, storage: exactly one must be set, "
                        + (directory == null ? "neither was" : "both were"));
            }
            if (storage != null && auditDirectory == null && storage.directory().isEmpty()) {
                throw new InvalidInputException("auditDirectory: must be set when the registry storage is not a "
                        + "directory (" + storage.location() + ")");
            }
            try {
                new KeyRef("keystore", masterKeyId == null ? "" : masterKeyId, 1);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("masterKeyId: must match [A-Za-z0-9._-]{1,128}");
            }
            if (cacheMaxEntries < 0 || cacheMaxEntries > 1_000_000) {
                throw new InvalidInputException("cacheMaxEntries: must be in [0, 1000000], was " + cacheMaxEntries);
            }
            if (cacheTimeToLive == null || cacheTimeToLive.isNegative()) {
                throw new InvalidInputException("cacheTimeToLive: must be >= 0, was " + cacheTimeToLive);
            }
            DirectoryAuditSink.checkRetention("auditRetention", auditRetention);
            checkedJurisdictions();
            randomOrDefault();
            return new KeyRegistry(this);
        }

        /** The allowed jurisdictions, checked (also for {@link Coffre.Builder}, which may not build a registry). */
        Set<String> checkedJurisdictions() {
            if (allowedJurisdictions == null || allowedJurisdictions.isEmpty()) {
                throw new InvalidInputException("allowedJurisdictions: must name at least one country code");
            }
            return allowedJurisdictions;
        }

        /** The randomness set, or a new {@link SecureRandom} kept for the registry and its Coffre alike. */
        SecureRandom randomOrDefault() {
            if (random == null) {
                random = new SecureRandom();
            }
            return random;
        }
    }
}
