package fr.coffre.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A second, deliberately naive COF1 decoder written from FORMAT.md alone (offsets, labels and rules as the document
 * states them), using only JDK/BouncyCastle primitives and none of the implementation's classes. Tests run it on the
 * vectors to show the document is sufficient. Whole objects in memory; errors are the FORMAT.md §9 class names.
 * Public for core's {@code VaultReferenceDecoder} (test scope, through this module's test-jar).
 */
public final class ReferenceDecoder {
    public record Result(String contentType, long declaredLength, Map<String, String> user, byte[] plaintext) {
    }

    public static final class FormatError extends Exception {
        private static final long serialVersionUID = 1L;
        public final String errorClass;

        FormatError(String errorClass, String what) {
            super(errorClass + ": " + what);
            this.errorClass = errorClass;
        }
    }

    private static FormatError tampered(String what) {
        return new FormatError("TamperedObjectException", what);
    }

    public static Result decode(byte[] obj, byte[] dek, byte[] identity) throws FormatError, GeneralSecurityException {
        byte[] magic = "COF1".getBytes(StandardCharsets.US_ASCII);
        int seen = Math.min(obj.length, 4);
        if (!Arrays.equals(obj, 0, seen, magic, 0, seen)) {
            throw new FormatError("UnsupportedFormatException", "magic");
        }
        if (obj.length < 8) {
            throw tampered("short");
        }
        if (obj[4] != 1 || (obj[5] != 1 && obj[5] != 2)) {
            throw new FormatError("UnsupportedFormatException", "version/suite");
        }
        ByteBuffer b = ByteBuffer.wrap(obj);
        int h = b.getShort(6) & 0xffff;
        if (h < 97 || h > 1279 || obj.length < h) {
            throw tampered("header length");
        }
        int s = b.getInt(8);
        if (s < 4096 || s > 8388608 || Integer.bitCount(s) != 1) {
            throw tampered("segment size");
        }
        byte[] salt = Arrays.copyOfRange(obj, 12, 44);
        byte[] prefix = Arrays.copyOfRange(obj, 44, 51);
        int m = b.getInt(51);
        if (m < 272 || m > 65552 || (m - 16) % 256 != 0) {
            throw tampered("metadata length");
        }
        int a = obj[55] & 0xff;
        int bl = obj[56 + a] & 0xff;
        int w = b.getShort(61 + a + bl) & 0xffff;
        if (a < 1 || a > 32 || bl < 1 || bl > 128 || w > 1024 || 95 + a + bl + w != h) {
            throw tampered("header fields");
        }
        int version = b.getInt(57 + a + bl);
        String scheme = new String(obj, 56, a, StandardCharsets.US_ASCII);
        String keyId = new String(obj, 57 + a, bl, StandardCharsets.US_ASCII);
        if (version < 1 || !scheme.matches("[a-z][a-z0-9-]{0,31}") || !keyId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw tampered("key reference");
        }
        byte[] header = Arrays.copyOf(obj, h);

        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        byte[] prk = hkdf.extractPRK(salt, dek);
        byte[] kContent = expand(prk, "coffre.cof1.v1.content-key");
        byte[] kMeta = expand(prk, "coffre.cof1.v1.metadata-key");
        byte[] kCommit = expand(prk, "coffre.cof1.v1.commitment-key");
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(kCommit, "HmacSHA256"));
        if (!MessageDigest.isEqual(hmac.doFinal(Arrays.copyOf(header, h - 32)), Arrays.copyOfRange(header, h - 32, h))) {
            throw tampered("commitment");
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] aad = concat(sha.digest(header), sha.digest(identity));

        if (obj.length < h + m) {
            throw tampered("metadata truncated");
        }
        byte[] meta = gcmOpen(kMeta, new byte[12], aad, Arrays.copyOfRange(obj, h, h + m));
        Result r = parseMetadata(meta);

        long body = obj.length - (long) h - m;
        long seg = s + 16L;
        if (body < 16) {
            throw tampered("no final segment");
        }
        long n = (body + seg - 1) / seg;
        long lastLen = body - (n - 1) * seg;
        if (n > 1 && lastLen <= 16) {
            throw tampered("impossible length");
        }
        byte[] plain = new byte[(int) (body - 16 * n)];
        int at = 0;
        for (long i = 0; i < n; i++) {
            long start = h + m + i * seg;
            int len = (int) Math.min(seg, obj.length - start);
            byte[] nonce = concat(prefix, ByteBuffer.allocate(5).putInt((int) i).put((byte) (i == n - 1 ? 1 : 0)).array());
            byte[] chunk = gcmOpen(kContent, nonce, aad, Arrays.copyOfRange(obj, (int) start, (int) start + len));
            System.arraycopy(chunk, 0, plain, at, chunk.length);
            at += chunk.length;
        }
        if (obj[5] == 2) {
            plain = unpad(plain);
        }
        if (r.declaredLength() >= 0 && r.declaredLength() != plain.length) {
            throw tampered("declared length");
        }
        return new Result(r.contentType(), r.declaredLength(), r.user(), plain);
    }

    /** FORMAT.md §6.2: segment plaintext = plaintext || zero bytes || u64 L, of exactly padme(L + 8) bytes. */
    private static byte[] unpad(byte[] padded) throws FormatError {
        if (padded.length < 8) {
            throw tampered("no length trailer");
        }
        long l = ByteBuffer.wrap(padded).getLong(padded.length - 8);
        if (l < 0 || l > padded.length - 8 || padme(l + 8) != padded.length) {
            throw tampered("length trailer");
        }
        for (int i = (int) l; i < padded.length - 8; i++) {
            if (padded[i] != 0) {
                throw tampered("padding bytes");
            }
        }
        return Arrays.copyOf(padded, (int) l);
    }

    /** Padmé as FORMAT.md §6.2 states it: keep the floor(log2 E) + 1 top bits of x, E = floor(log2 x). */
    public static long padme(long x) {
        int e = 63 - Long.numberOfLeadingZeros(x);
        int s = 32 - Integer.numberOfLeadingZeros(e);
        long low = (1L << (e - s)) - 1;
        return (x + low) & ~low;
    }

    private static Result parseMetadata(byte[] meta) throws FormatError {
        ByteBuffer b = ByteBuffer.wrap(meta);
        if (b.get() != 1) {
            throw tampered("metadata version");
        }
        long declared = b.getLong();
        String type = utf8(b, b.getShort() & 0xffff);
        int count = b.getShort() & 0xffff;
        Map<String, String> user = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String k = utf8(b, b.getShort() & 0xffff);
            if (user.put(k, utf8(b, b.getInt())) != null) {
                throw tampered("duplicate key");
            }
        }
        if ((b.position() + 255) / 256 * 256 != meta.length) {
            throw tampered("padding");
        }
        while (b.hasRemaining()) {
            if (b.get() != 0) {
                throw tampered("padding");
            }
        }
        return new Result(type, declared, user, null);
    }

    private static String utf8(ByteBuffer b, int len) {
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] expand(byte[] prk, String info) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(prk, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, 32);
        return out;
    }

    private static byte[] gcmOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) throws FormatError {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw tampered("tag");
        }
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] out = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
