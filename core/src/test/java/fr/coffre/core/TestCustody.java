package fr.coffre.core;

import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.custody.CustodyDescriptor;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyVersionInfo;
import fr.coffre.custody.KeystoreCustodian;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Real custody for core tests: a BCFKS KeystoreCustodian in a temporary directory, with a call counter. */
public final class TestCustody implements KeyCustodian {
    static final String PASSWORD = "test-only-keystore-password-0123456789";
    private final KeyCustodian delegate;
    final AtomicInteger unprotectCalls = new AtomicInteger();

    private TestCustody(KeyCustodian delegate) {
        this.delegate = delegate;
    }

    static TestCustody keystore(Path dir) {
        return keystore(dir, "FR");
    }

    static TestCustody keystore(Path dir, String jurisdiction) {
        return new TestCustody(KeystoreCustodian.builder().createIfMissing(true).path(dir.resolve("keystore.bcfks"))
                .password(PASSWORD.toCharArray()).jurisdiction(jurisdiction).build());
    }

    static KeyRef masterVersion(int version) {
        return new KeyRef(KeystoreCustodian.SCHEME, KeyRegistry.DEFAULT_MASTER_KEY_ID, version);
    }

    @Override
    public CustodyDescriptor descriptor() {
        return delegate.descriptor();
    }

    @Override
    public KeyRef createKey(String keyId) {
        return delegate.createKey(keyId);
    }

    @Override
    public boolean exists(String keyId) {
        return delegate.exists(keyId);
    }

    @Override
    public KeyRef currentKey(String keyId) {
        return delegate.currentKey(keyId);
    }

    @Override
    public List<KeyVersionInfo> versions(String keyId) {
        return delegate.versions(keyId);
    }

    @Override
    public KeyRef rotate(String keyId) {
        return delegate.rotate(keyId);
    }

    @Override
    public void retire(KeyRef version) {
        delegate.retire(version);
    }

    @Override
    public void reinstate(KeyRef version) {
        delegate.reinstate(version);
    }

    @Override
    public java.util.Map<String, java.util.Set<Integer>> claims(String keyId) {
        return delegate.claims(keyId);
    }

    @Override
    public void claimVersions(String keyId, String claimant, java.util.Set<Integer> versions) {
        delegate.claimVersions(keyId, claimant, versions);
    }

    @Override
    public void destroyVersion(KeyRef version) {
        delegate.destroyVersion(version);
    }

    @Override
    public void destroy(String keyId) {
        delegate.destroy(keyId);
    }

    @Override
    public byte[] protect(KeyRef masterKey, SecretBytes dataKey, byte[] context) {
        return delegate.protect(masterKey, dataKey, context);
    }

    @Override
    public SecretBytes unprotect(KeyRef masterKey, byte[] wrapped, byte[] context) {
        unprotectCalls.incrementAndGet();
        return delegate.unprotect(masterKey, wrapped, context);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
