package fr.coffre.custody.pkcs11;

import fr.coffre.custody.internal.ChangeMutex;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * The change lock's objects on a token: non-sensitive generic secrets labelled {@code coffre.change-lock.<nonce>},
 * each holding a {@link ChangeMutex} value; every listing reads the token afresh.
 */
final class TokenLocks implements ChangeMutex.Objects {
    private final Pkcs11Backend token;
    private final SecureRandom random;

    TokenLocks(Pkcs11Backend token, SecureRandom random) {
        this.token = token;
        this.random = random;
    }

    @Override
    public String create(byte[] value) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String label = Pkcs11Backend.LOCK_PREFIX + HexFormat.of().formatHex(nonce);
        return token.onToken(view -> {
            view.setEntry(label, new KeyStore.SecretKeyEntry(new SecretKeySpec(value, "HmacSHA256")), null);
            return label;
        });
    }

    @Override
    public List<String> list() {
        return token.onToken(view -> token.relist().stream().filter(a -> a.startsWith(Pkcs11Backend.LOCK_PREFIX))
                .sorted().toList());
    }

    @Override
    public byte[] read(String handle) {
        return token.onToken(view -> {
            Key k = view.getKey(handle, null);
            return k == null ? null : k.getEncoded();
        });
    }

    @Override
    public void delete(String handle) {
        token.onToken(view -> {
            token.delete(handle);
            return null;
        });
    }
}
