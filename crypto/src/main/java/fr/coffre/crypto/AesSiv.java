package fr.coffre.crypto;

import fr.coffre.CoffreException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * AES-SIV (RFC 5297) deterministic authenticated encryption, composed from BouncyCastle's AES, CMAC and CTR
 * primitives (BouncyCastle ships no RFC 5297 mode). Output = 16-byte synthetic IV followed by the ciphertext.
 * Checked against the RFC 5297 appendix A vectors ({@code siv-vectors.json}).
 *
 * <p>Deterministic: equal (associated data, plaintext) pairs give equal outputs, and that equality is all the
 * output reveals. Key: 32, 48 or 64 bytes (first half for S2V/CMAC, second half for CTR). Instances are
 * immutable apart from the key copy, which {@link #destroy()} zeroes; thread-safe (state is per call).
 */
public final class AesSiv {
    private static final int BLOCK = 16;
    private final byte[] macKey;
    private final byte[] ctrKey;
    private volatile boolean destroyed;

    public AesSiv(byte[] key) {
        if (key.length != 32 && key.length != 48 && key.length != 64) {
            throw new fr.coffre.InvalidInputException("AES-SIV key: must have 32, 48 or 64 bytes, was " + key.length);
        }
        this.macKey = Arrays.copyOfRange(key, 0, key.length / 2);
        this.ctrKey = Arrays.copyOfRange(key, key.length / 2, key.length);
    }

    public byte[] seal(byte[] plaintext, byte[]... associatedData) {
        checkLive();
        byte[] v = s2v(associatedData, plaintext);
        byte[] out = Arrays.copyOf(v, BLOCK + plaintext.length);
        ctr(v, plaintext, out, BLOCK);
        return out;
    }

    /** @return the plaintext, or {@code null} if {@code sealed} does not authenticate */
    public byte[] open(byte[] sealed, byte[]... associatedData) {
        checkLive();
        if (sealed.length < BLOCK) {
            return null;
        }
        byte[] v = Arrays.copyOf(sealed, BLOCK);
        byte[] plaintext = new byte[sealed.length - BLOCK];
        ctr(v, Arrays.copyOfRange(sealed, BLOCK, sealed.length), plaintext, 0);
        if (!MessageDigest.isEqual(v, s2v(associatedData, plaintext))) {
            Arrays.fill(plaintext, (byte) 0);
            return null;
        }
        return plaintext;
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(macKey, (byte) 0);
        Arrays.fill(ctrKey, (byte) 0);
    }

    private void checkLive() {
        if (destroyed) {
            throw new CoffreException("names secret: destroyed (its key registry was closed)");
        }
    }

    private byte[] s2v(byte[][] associatedData, byte[] plaintext) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(macKey));
        byte[] d = cmac(mac, new byte[BLOCK]);
        for (byte[] ad : associatedData) {
            xorInto(dbl(d), cmac(mac, ad), d);
        }
        byte[] t;
        if (plaintext.length >= BLOCK) {
            t = plaintext.clone();
            for (int i = 0; i < BLOCK; i++) {
                t[t.length - BLOCK + i] ^= d[i];
            }
        } else {
            t = new byte[BLOCK];
            System.arraycopy(plaintext, 0, t, 0, plaintext.length);
            t[plaintext.length] = (byte) 0x80;
            xorInto(dbl(d), t, t);
        }
        byte[] v = cmac(mac, t);
        Arrays.fill(t, (byte) 0);
        return v;
    }

    private void ctr(byte[] v, byte[] in, byte[] out, int outOff) {
        byte[] q = v.clone();
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        CTRModeCipher cipher = SICBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(true, new ParametersWithIV(new KeyParameter(ctrKey), q));
        cipher.processBytes(in, 0, in.length, out, outOff);
    }

    private static byte[] cmac(CMac mac, byte[] data) {
        mac.update(data, 0, data.length);
        byte[] out = new byte[BLOCK];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] dbl(byte[] block) {
        byte[] out = new byte[BLOCK];
        int carry = 0;
        for (int i = BLOCK - 1; i >= 0; i--) {
            int b = block[i] & 0xff;
            out[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if (carry != 0) {
            out[BLOCK - 1] ^= (byte) 0x87;
        }
        return out;
    }

    private static void xorInto(byte[] a, byte[] b, byte[] dest) {
        for (int i = 0; i < BLOCK; i++) {
            dest[i] = (byte) (a[i] ^ b[i]);
        }
    }
}
