package fr.coffre.crypto.bench;

import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Shows that memory stays bounded: a {@code GiB}-sized plaintext generated on the fly is encrypted through COF1 and
 * the ciphertext decrypted again as it is produced (single thread, pull-driven, nothing on disk), under whatever
 * {@code -Xmx} the JVM was given (the bench script uses 64 MiB). Plaintext checksums on both sides must match.
 * Usage: {@code StreamBench [GiB]}.
 */
public final class StreamBench {
    private StreamBench() {
    }

    public static void main(String[] args) throws IOException {
        long plainBytes = (args.length > 0 ? Long.parseLong(args[0]) : 4) << 30;
        SecureRandom random = new SecureRandom();
        byte[] block = new byte[CryptoBench.BLOCK];
        random.nextBytes(block);
        EncryptionSpec spec = EncryptionSpec.builder().keyRef(new KeyRef("coffre-dk", "bench", 1))
                .logicalIdentity(CryptoBench.IDENTITY).build();
        long t0 = System.nanoTime();
        try (SecretBytes key = SecretBytes.random(32, random)) {
            EncryptingSource ciphertext = new EncryptingSource(block, plainBytes, spec, key, random);
            Cof1Header header = Cof1.readHeader(ciphertext);
            ChecksumSink plaintext = new ChecksumSink();
            try (DecryptedObject opened = Cof1.open(header, ciphertext, key, CryptoBench.IDENTITY)) {
                opened.content().transferTo(plaintext);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            CryptoBench.check(plaintext.count == plainBytes, "decrypted length");
            CryptoBench.check(plaintext.crc.getValue() == ciphertext.plainCrc.getValue(), "plaintext checksum");
            CryptoBench.check(ciphertext.cipherBytes == Cof1.encryptedLengthBytes(spec, plainBytes), "object length");
            System.out.printf(Locale.ROOT, "STREAM %d GiB encrypted and decrypted in one pass with max heap %d MiB: %d"
                    + " ciphertext bytes, plaintext CRC32C match, %.1f s (%.0f MB/s for encrypt+decrypt), old-generation"
                    + " peak %.1f MiB%n", plainBytes >> 30, Runtime.getRuntime().maxMemory() >> 20, ciphertext.cipherBytes,
                    seconds, plainBytes / 1e6 / seconds, oldGenPeakBytes() / 1048576.0);
        }
    }

    /** Peak of the old generation: what stayed alive across collections (young-generation garbage excluded). */
    private static long oldGenPeakBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Plaintext generator → COF1 encryption, exposed as the ciphertext InputStream; at most ~1 MiB in flight. */
    private static final class EncryptingSource extends InputStream {
        private final byte[] block;
        private final long plainBytes;
        private final OutputStream encryptor;
        private final Buffer pending = new Buffer();
        private final CRC32C plainCrc = new CRC32C();
        private long generated;
        private long cipherBytes;
        private boolean closed;
        private int at;

        EncryptingSource(byte[] block, long plainBytes, EncryptionSpec spec, SecretBytes key, SecureRandom random) {
            this.block = block;
            this.plainBytes = plainBytes;
            this.encryptor = Cof1.encrypt(pending, spec, key, random);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (at == pending.size) {
                if (!produce()) {
                    return -1;
                }
            }
            int n = Math.min(len, pending.size - at);
            System.arraycopy(pending.bytes, at, b, off, n);
            at += n;
            cipherBytes += n;
            return n;
        }

        private boolean produce() throws IOException {
            pending.size = 0;
            at = 0;
            if (generated < plainBytes) {
                int n = (int) Math.min(block.length, plainBytes - generated);
                long chunk = generated / block.length;
                for (int i = 0; i < 8; i++) { // make every chunk distinct
                    block[i] = (byte) (chunk >>> (8 * i));
                }
                plainCrc.update(block, 0, n);
                encryptor.write(block, 0, n);
                generated += n;
                return true;
            }
            if (!closed) {
                closed = true;
                encryptor.close();
                return true;
            }
            return false;
        }
    }

    /** A reusable byte buffer the encryptor writes into. */
    private static final class Buffer extends OutputStream {
        byte[] bytes = new byte[2 << 20];
        int size;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                throw new IllegalStateException("encryptor emitted more than expected per chunk");
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }

    private static final class ChecksumSink extends OutputStream {
        final CRC32C crc = new CRC32C();
        long count;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            count += len;
        }
    }
}
