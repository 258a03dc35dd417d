package fr.coffre.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-SIV open (RFC 5297, §2.4 S2V and §2.7 decryption) and strict lowercase unpadded base32 (RFC 4648), written
 * for {@link VaultReferenceDecoder} from the RFCs as VAULT.md and FORMAT.md cite them: BouncyCastle's AES-CMAC and
 * the JDK's AES-CTR, none of Coffre's classes.
 */
final class ReferenceSiv {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private ReferenceSiv() {
    }

    /** The plaintext of {@code sealed} (V || C) under the 64-byte {@code key}, or {@code null} if it does not open. */
    static byte[] open(byte[] key, byte[] sealed, byte[]... ad) {
        if (sealed == null || sealed.length < 16) {
            return null;
        }
        byte[] v = Arrays.copyOf(sealed, 16);
        byte[] q = v.clone();
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        byte[] plain;
        try {
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, 32, 32, "AES"), new IvParameterSpec(q));
            plain = ctr.doFinal(sealed, 16, sealed.length - 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return MessageDigest.isEqual(v, s2v(Arrays.copyOf(key, 32), ad, plain)) ? plain : null;
    }

    private static byte[] s2v(byte[] k1, byte[][] ad, byte[] plain) {
        byte[] d = cmac(k1, new byte[16]);
        for (byte[] s : ad) {
            d = xor(dbl(d), cmac(k1, s));
        }
        byte[] t;
        if (plain.length >= 16) {
            t = plain.clone();
            for (int i = 0; i < 16; i++) {
                t[plain.length - 16 + i] ^= d[i];
            }
        } else {
            byte[] padded = Arrays.copyOf(plain, 16);
            padded[plain.length] = (byte) 0x80;
            t = xor(dbl(d), padded);
        }
        return cmac(k1, t);
    }

    private static byte[] cmac(byte[] key, byte[] data) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] dbl(byte[] b) {
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) ((b[i] << 1) | (i < 15 ? (b[i + 1] & 0xff) >>> 7 : 0));
        }
        if ((b[0] & 0x80) != 0) {
            out[15] ^= (byte) 0x87;
        }
        return out;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** base32, lowercase, no padding. */
    static String toBase32(byte[] data) {
        StringBuilder out = new StringBuilder();
        for (int bit = 0; bit < data.length * 8; bit += 5) {
            int v = 0;
            for (int i = bit; i < bit + 5; i++) {
                v = v << 1 | (i < data.length * 8 ? (data[i / 8] >> (7 - i % 8)) & 1 : 0);
            }
            out.append(ALPHABET.charAt(v));
        }
        return out.toString();
    }

    /** The bytes whose base32 (lowercase, no padding) is {@code text}, or {@code null} unless it is canonical. */
    static byte[] fromBase32(String text) {
        if (text.length() % 8 == 1 || text.length() % 8 == 3 || text.length() % 8 == 6) {
            return null;
        }
        byte[] out = new byte[text.length() * 5 / 8];
        long buffer = 0;
        int bits = 0;
        int at = 0;
        for (char c : text.toCharArray()) {
            int v = ALPHABET.indexOf(c);
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[at++] = (byte) (buffer >>> bits);
            }
        }
        return (buffer & ((1L << bits) - 1)) == 0 ? out : null;
    }
}
