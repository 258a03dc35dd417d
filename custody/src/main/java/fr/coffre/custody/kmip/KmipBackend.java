package fr.coffre.custody.kmip;

import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KmipCustodian;
import fr.coffre.custody.internal.ChangeMutex;
import fr.coffre.custody.internal.CustodyBackend;
import fr.coffre.custody.internal.HeldLock;
import fr.coffre.custody.internal.GcmEnvelope;
import fr.coffre.custody.internal.KeyTable;
import fr.coffre.custody.internal.MissingKeyException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link CustodyBackend} on a KMIP server. Master key versions are AES-256 Symmetric Key objects named
 * {@code <namespace>:<keyId>#<version>}, created and activated by the server. The key table is a Secret Data object
 * named {@code <namespace>:key-table} whose value starts with a generation line; a change registers generation n+1
 * and then destroys n. Destroy = Revoke (cessation of operation) + Destroy.
 *
 * <p>Wrapping: in {@link KmipCustodian.Mode#SERVER_SIDE} the server runs AES-256-GCM (KMIP 1.4 Encrypt/Decrypt
 * with IV, associated data and a 16-byte tag) and the key never leaves it; in
 * {@link KmipCustodian.Mode#FETCH_THEN_WRAP} the key is fetched with Get for each call, used locally, and zeroed.
 * Both produce the same {@link GcmEnvelope} bytes (same IV, AAD and key give the same GCM output), so a key
 * wrapped in one mode opens in the other.
 */
public final class KmipBackend implements CustodyBackend {
    private static final String TABLE_MAGIC = "coffre-kmip-table ";

    private final KmipClient client;
    private final KmipOperations ops;
    private final KmipCustodian.Mode mode;
    private final String namespace;
    private final SecureRandom random;
    private final Map<String, String> uids = new ConcurrentHashMap<>();
    private final Object tableLock = new Object();
    private long generation;   // guarded by tableLock
    private String tableUid;   // guarded by tableLock
    private final ChangeMutex changeMutex;

    /** Objects named under {@code namespace} on the server {@code client} speaks to; owns (closes) the client. */
    public KmipBackend(KmipClient client, KmipCustodian.Mode mode, String namespace, SecureRandom random) {
        this.client = client;
        this.ops = new KmipOperations(client);
        this.mode = mode;
        this.namespace = namespace;
        this.random = random;
        this.changeMutex = new ChangeMutex(new KmipChangeLocks(ops, namespace), ChangeMutex.DEFAULT_LEASE, random,
                "KMIP namespace " + namespace);
    }

    /**
     * Changes from several processes or hosts on one server and namespace are serialised by lock objects on the
     * server itself ({@link ChangeMutex}, {@link KmipChangeLocks}).
     */
    @Override
    public HeldLock lockForChange() {
        return changeMutex.acquire();
    }

    private String name(KeyRef ref) {
        return namespace + ":" + CustodyBackend.alias(ref);
    }

    private String tableName() {
        return namespace + ":key-table";
    }

    @Override
    public KeyTable load() {
        try {
            return loadTable();
        } catch (KmipClient.KmipFailure e) {
            throw new KeyUnavailableException("KMIP: cannot read the key table (" + tableName() + ")", e);
        }
    }

    private KeyTable loadTable() {
        synchronized (tableLock) {
            List<String> found = ops.locate(tableName(), KmipOperations.OBJECT_SECRET_DATA);
            long newest = -1;
            KeyTable table = KeyTable.empty();
            String newestUid = null;
            for (String uid : found) {
                byte[] raw = ops.getMaterial(uid);
                try {
                    long gen = generationOf(raw);
                    if (gen > newest) {
                        newest = gen;
                        newestUid = uid;
                        table = KeyTable.parse(Arrays.copyOfRange(raw, raw.length - tableLength(raw), raw.length));
                    }
                } finally {
                    Arrays.fill(raw, (byte) 0);
                }
            }
            for (String uid : found) { // leftovers of interrupted changes
                if (!uid.equals(newestUid)) {
                    destroyQuietly(uid);
                }
            }
            generation = Math.max(newest, 0);
            tableUid = newestUid;
            return table;
        }
    }

    private static long generationOf(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, 64), StandardCharsets.US_ASCII);
        int nl = head.indexOf('\n');
        if (!head.startsWith(TABLE_MAGIC) || nl < 0) {
            throw new KeyUnavailableException("KMIP key table object: unknown format");
        }
        try {
            return Long.parseLong(head.substring(TABLE_MAGIC.length(), nl));
        } catch (NumberFormatException e) {
            throw new KeyUnavailableException("KMIP key table object: bad generation");
        }
    }

    private static int tableLength(byte[] raw) {
        int nl = 0;
        while (raw[nl] != '\n') {
            nl++;
        }
        return raw.length - nl - 1;
    }

    @Override
    public void commit(KeyTable next, List<KeyRef> create, List<KeyRef> delete) {
        try {
            apply(next, create, delete);
        } catch (KmipClient.KmipFailure e) {
            throw new KeyUnavailableException("KMIP: the server refused a key change in namespace " + namespace, e);
        }
    }

    private void apply(KeyTable next, List<KeyRef> create, List<KeyRef> delete) {
        synchronized (tableLock) {
            for (KeyRef ref : create) {
                for (String orphan : ops.locate(name(ref), KmipOperations.OBJECT_SYMMETRIC_KEY)) {
                    revokeAndDestroy(orphan); // never in a table, never used
                }
                String uid = ops.createAes256(name(ref));
                ops.activate(uid);
                uids.put(name(ref), uid);
            }
            byte[] head = (TABLE_MAGIC + (generation + 1) + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] body = next.serialise();
            byte[] value = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, value, head.length, body.length);
            String newUid = ops.registerSecretData(tableName(), value);
            if (tableUid != null) {
                destroyQuietly(tableUid);
            }
            generation++;
            tableUid = newUid;
            for (KeyRef ref : delete) {
                uids.remove(name(ref));
                for (String uid : ops.locate(name(ref), KmipOperations.OBJECT_SYMMETRIC_KEY)) {
                    revokeAndDestroy(uid);
                }
            }
        }
    }

    private void revokeAndDestroy(String uid) {
        try {
            ops.revoke(uid);
        } catch (KmipClient.KmipFailure e) {
            // not active (pre-active or already revoked): Destroy decides
        }
        ops.destroy(uid);
    }

    private void destroyQuietly(String uid) {
        try {
            ops.destroy(uid);
        } catch (KmipClient.KmipFailure e) {
            // already gone: a concurrent loader finished it
        }
    }

    private String uid(KeyRef ref) {
        String name = name(ref);
        String cached = uids.get(name);
        if (cached != null) {
            return cached;
        }
        List<String> found = server(ref, () -> ops.locate(name, KmipOperations.OBJECT_SYMMETRIC_KEY));
        if (found.isEmpty()) {
            throw new MissingKeyException("no KMIP object " + name);
        }
        if (found.size() > 1) {
            throw new KeyUnavailableException("master key " + ref + ": " + found.size() + " KMIP objects carry its name");
        }
        uids.put(name, found.get(0));
        return found.get(0);
    }

    @Override
    public byte[] seal(KeyRef ref, SecretBytes dataKey, byte[] context) {
        String uid = uid(ref);
        if (mode == KmipCustodian.Mode.FETCH_THEN_WRAP) {
            SecretBytes key = fetch(uid, ref);
            try {
                return GcmEnvelope.seal(key.asAesKey(), null, ref, dataKey, context, random);
            } finally {
                key.destroy();
            }
        }
        byte[] iv = new byte[GcmEnvelope.IV_BYTES];
        random.nextBytes(iv);
        byte[] ctAndTag = server(ref, () -> dataKey.apply(k -> ops.encryptGcm(uid, k, iv,
                GcmEnvelope.aad(GcmEnvelope.FORMAT_V1, ref, context))));
        byte[] out = new byte[1 + iv.length + ctAndTag.length];
        out[0] = GcmEnvelope.FORMAT_V1;
        System.arraycopy(iv, 0, out, 1, iv.length);
        System.arraycopy(ctAndTag, 0, out, 1 + iv.length, ctAndTag.length);
        return out;
    }

    @Override
    public SecretBytes open(KeyRef ref, byte[] wrapped, byte[] context) {
        GcmEnvelope.checkShape(ref, wrapped);
        String uid = uid(ref);
        if (mode == KmipCustodian.Mode.FETCH_THEN_WRAP) {
            SecretBytes key = fetch(uid, ref);
            try {
                return GcmEnvelope.open(key.asAesKey(), null, ref, wrapped, context);
            } finally {
                key.destroy();
            }
        }
        int ivEnd = 1 + GcmEnvelope.IV_BYTES;
        int tagStart = wrapped.length - GcmEnvelope.TAG_BYTES;
        byte[] iv = Arrays.copyOfRange(wrapped, 1, ivEnd);
        byte[] ct = Arrays.copyOfRange(wrapped, ivEnd, tagStart);
        byte[] tag = Arrays.copyOfRange(wrapped, tagStart, wrapped.length);
        try {
            return SecretBytes.wrap(ops.decryptGcm(uid, ct, iv, GcmEnvelope.aad(GcmEnvelope.FORMAT_V1, ref, context), tag));
        } catch (KmipClient.KmipFailure e) {
            if (e.reason == KmipClient.REASON_ITEM_NOT_FOUND) {
                uids.remove(name(ref));
                throw new MissingKeyException("KMIP object gone");
            }
            throw GcmEnvelope.rejected(ref); // the server's GCM refused the tag (or the key): not retried
        }
    }

    private <T> T server(KeyRef ref, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KmipClient.KmipFailure e) {
            if (e.reason == KmipClient.REASON_ITEM_NOT_FOUND) {
                uids.remove(name(ref));
                throw new MissingKeyException("KMIP object gone");
            }
            throw new KeyUnavailableException("master key " + ref + ": the KMIP server refused the operation", e);
        }
    }

    private SecretBytes fetch(String uid, KeyRef ref) {
        byte[] material = server(ref, () -> ops.getMaterial(uid));
        if (material.length != 32) {
            Arrays.fill(material, (byte) 0);
            throw new KeyUnavailableException("master key " + ref + ": the KMIP server returned a key of "
                    + material.length + " bytes, not 32");
        }
        return SecretBytes.wrap(material);
    }

    @Override
    public void recover() {
        client.dropIdle();
    }

    @Override
    public void close() {
        uids.clear();
        client.close();
    }
}
