package fr.coffre.crypto;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Test helpers: make COF1 objects in memory and read them back whole, by range, or until they fail. */
public final class Cof1Objects {
    public static final int S = 4096;
    public static final byte[] IDENTITY = "demo-vault/records/obs-0042.json".getBytes(UTF_8);
    public static final KeyRef KEY_REF = new KeyRef("coffre-dk", "dk-test-0001", 1);

    private Cof1Objects() {
    }

    public static byte[] dek(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i);
        }
        return k;
    }

    /** Deterministic, position-dependent plaintext. */
    public static byte[] plaintext(int length) {
        byte[] p = new byte[length];
        for (int i = 0; i < length; i++) {
            p[i] = (byte) (i * 7 + i / 251);
        }
        return p;
    }

    public static EncryptionSpec.Builder spec() {
        return EncryptionSpec.builder().keyRef(KEY_REF).logicalIdentity(IDENTITY).segmentSizeBytes(S)
                .metadata(SealedMetadata.builder().contentType("application/fhir+json").put("kind", "Observation")
                        .build());
    }

    public static byte[] encrypt(EncryptionSpec spec, byte[] dek, byte[] plaintext) {
        return encrypt(spec, dek, plaintext, new java.security.SecureRandom(), Integer.MAX_VALUE);
    }

    /** Encrypts writing at most {@code chunk} bytes per {@code write} call. */
    public static byte[] encrypt(EncryptionSpec spec, byte[] dek, byte[] plaintext, java.security.SecureRandom random,
            int chunk) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SecretBytes key = SecretBytes.copyOf(dek); OutputStream out = Cof1.encrypt(sink, spec, key, random)) {
            for (int at = 0; at < plaintext.length; at += chunk) {
                out.write(plaintext, at, Math.min(chunk, plaintext.length - at));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    public record Opened(Cof1Header header, SealedMetadata metadata, byte[] plaintext) {
    }

    /** Reads a whole object and drains its plaintext. */
    public static Opened read(byte[] object, byte[] dek, byte[] identity) {
        InputStream in = new ByteArrayInputStream(object);
        Cof1Header header = Cof1.readHeader(in);
        try (SecretBytes key = SecretBytes.copyOf(dek); DecryptedObject o = Cof1.open(header, in, key, identity)) {
            return new Opened(header, o.metadata(), o.content().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plaintext of {@code [offset, offset+length)} through planRange + openRange on exactly the planned bytes. */
    public static byte[] readRange(byte[] object, byte[] dek, byte[] identity, long offset, long length) {
        Cof1Header header = Cof1.readHeader(new ByteArrayInputStream(object));
        RangePlan plan = header.planRange(offset, length, object.length);
        byte[] fetched = Arrays.copyOfRange(object, (int) plan.cipherOffsetBytes(),
                (int) (plan.cipherOffsetBytes() + plan.cipherLengthBytes()));
        try (SecretBytes key = SecretBytes.copyOf(dek);
                InputStream in = Cof1.openRange(header, new ByteArrayInputStream(fetched), plan, key, identity)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a consumer received before the read failed, and how it failed. */
    public record Failure(byte[] released, RuntimeException error) {
    }

    /** Reads in {@code chunk}-byte calls, collecting what was released until the stream throws. */
    public static Failure readUntilFailure(byte[] object, byte[] dek, byte[] identity, int chunk) {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        try {
            InputStream in = new ByteArrayInputStream(object);
            Cof1Header header = Cof1.readHeader(in);
            try (SecretBytes key = SecretBytes.copyOf(dek); DecryptedObject o = Cof1.open(header, in, key, identity)) {
                byte[] buf = new byte[chunk];
                for (int n; (n = o.content().read(buf)) >= 0;) {
                    released.write(buf, 0, n);
                }
            }
        } catch (RuntimeException e) {
            return new Failure(released.toByteArray(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("object read without error (" + released.size() + " plaintext bytes)");
    }

    public static byte[] flip(byte[] object, int offset, int mask) {
        byte[] copy = object.clone();
        copy[offset] ^= (byte) mask;
        return copy;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] slice(byte[] b, long from, long to) {
        return Arrays.copyOfRange(b, (int) from, (int) to);
    }

    /** Segment {@code i} of an object (its sealed bytes). */
    public static byte[] segment(byte[] object, int i) {
        Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
        long start = h.prefixLengthBytes() + (long) i * (h.segmentSizeBytes() + 16);
        return slice(object, start, Math.min(start + h.segmentSizeBytes() + 16, object.length));
    }

    public static int prefixLength(byte[] object) {
        return Cof1.readHeader(new ByteArrayInputStream(object)).prefixLengthBytes();
    }

    public static int headerLength(byte[] object) {
        return Cof1.readHeader(new ByteArrayInputStream(object)).headerLengthBytes();
    }
}
