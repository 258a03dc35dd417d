package fr.coffre.core;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.KeyDestroyedException;
import fr.coffre.crypto.KeyRef;
import fr.coffre.crypto.KeyUnavailableException;
import fr.coffre.crypto.SecretBytes;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** TEMPORARY test stand-in until the custody branch's KeystoreCustodian lands: master keys in memory, AES-GCM wraps. */
final class InMemoryCustodian implements KeyCustodian {
    private final String jurisdiction;
    private final Map<String, List<Object[]>> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    final AtomicInteger unprotectCalls = new AtomicInteger();

    InMemoryCustodian() {
        this("FR");
    }

    InMemoryCustodian(String jurisdiction) {
        this.jurisdiction = jurisdiction;
    }

    @Override
    public CustodyDescriptor descriptor() {
        return new CustodyDescriptor("test", "memory", jurisdiction);
    }

    @Override
    public synchronized KeyRef createKey(String keyId) {
        if (keys.containsKey(keyId)) {
            throw new InvalidInputException("exists");
        }
        keys.put(keyId, new ArrayList<>());
        return rotate(keyId);
    }

    @Override
    public synchronized boolean exists(String keyId) {
        return keys.containsKey(keyId);
    }

    @Override
    public synchronized KeyRef currentKey(String keyId) {
        List<Object[]> v = versionsOf(keyId);
        for (int i = v.size() - 1; i >= 0; i--) {
            if (v.get(i)[1] == KeyState.ACTIVE) {
                return ref(keyId, i + 1);
            }
        }
        throw new KeyDestroyedException("no active version");
    }

    @Override
    public synchronized List<KeyVersionInfo> versions(String keyId) {
        List<KeyVersionInfo> out = new ArrayList<>();
        List<Object[]> v = versionsOf(keyId);
        for (int i = 0; i < v.size(); i++) {
            out.add(new KeyVersionInfo(ref(keyId, i + 1), (KeyState) v.get(i)[1], Instant.EPOCH));
        }
        return out;
    }

    @Override
    public synchronized KeyRef rotate(String keyId) {
        List<Object[]> v = versionsOf(keyId);
        v.forEach(e -> {
            if (e[1] == KeyState.ACTIVE) {
                e[1] = KeyState.SUPERSEDED;
            }
        });
        byte[] k = new byte[32];
        random.nextBytes(k);
        v.add(new Object[] {k, KeyState.ACTIVE});
        return ref(keyId, v.size());
    }

    @Override
    public synchronized void retire(KeyRef version) {
        versionsOf(version.keyId()).get(version.version() - 1)[1] = KeyState.RETIRED;
    }

    @Override
    public synchronized void destroy(String keyId) {
        versionsOf(keyId).forEach(e -> e[1] = KeyState.DESTROYED);
    }

    @Override
    public byte[] protect(KeyRef masterKey, SecretBytes dataKey, byte[] context) {
        byte[] k = usable(masterKey, true);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] ct = dataKey.apply(d -> gcm(Cipher.ENCRYPT_MODE, k, nonce, masterKey, context, d));
        return ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array();
    }

    @Override
    public SecretBytes unprotect(KeyRef masterKey, byte[] wrapped, byte[] context) {
        unprotectCalls.incrementAndGet();
        byte[] k = usable(masterKey, false);
        if (wrapped.length < 28) {
            throw new KeyUnavailableException("bad wrapped key");
        }
        byte[] nonce = java.util.Arrays.copyOf(wrapped, 12);
        return SecretBytes.wrap(gcm(Cipher.DECRYPT_MODE, k, nonce, masterKey, context,
                java.util.Arrays.copyOfRange(wrapped, 12, wrapped.length)));
    }

    private synchronized byte[] usable(KeyRef ref, boolean forProtect) {
        List<Object[]> v = keys.get(ref.keyId());
        if (v == null || ref.version() > v.size()) {
            throw new KeyUnavailableException("unknown master key " + ref);
        }
        KeyState s = (KeyState) v.get(ref.version() - 1)[1];
        if (s == KeyState.DESTROYED) {
            throw new KeyDestroyedException("destroyed " + ref);
        }
        if (s == KeyState.RETIRED || forProtect && s != KeyState.ACTIVE) {
            throw new KeyUnavailableException("not usable " + ref + " " + s);
        }
        return (byte[]) v.get(ref.version() - 1)[0];
    }

    private static byte[] gcm(int mode, byte[] k, byte[] nonce, KeyRef ref, byte[] context, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(ref.toString().getBytes(StandardCharsets.UTF_8));
            c.updateAAD(context);
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("wrapped key does not authenticate");
        }
    }

    private List<Object[]> versionsOf(String keyId) {
        List<Object[]> v = keys.get(keyId);
        if (v == null) {
            throw new KeyUnavailableException("unknown key");
        }
        return v;
    }

    private static KeyRef ref(String keyId, int version) {
        return new KeyRef("test", keyId, version);
    }

    @Override
    public void close() {
    }
}
