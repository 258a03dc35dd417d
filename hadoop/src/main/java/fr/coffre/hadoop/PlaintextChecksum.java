package fr.coffre.hadoop;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileChecksum;

/**
 * SHA-256 of an object's whole plaintext ({@value #ALGORITHM}): equal for equal contents whatever their
 * ciphertext, names, vaults or segment sizes, so {@code distcp -update} between two Coffre vaults skips files that
 * did not change. It differs from HDFS's block checksums and S3A's etags, so comparisons with other file systems
 * never match (distcp then copies, or needs {@code -skipcrccheck}). Computing it reads and authenticates the whole
 * object.
 */
final class PlaintextChecksum extends FileChecksum {
    static final String ALGORITHM = "COFFRE-SHA256-PLAINTEXT";
    private byte[] digest;

    PlaintextChecksum(byte[] digest) {
        this.digest = digest.clone();
    }

    @Override
    public String getAlgorithmName() {
        return ALGORITHM;
    }

    @Override
    public int getLength() {
        return digest.length;
    }

    @Override
    public byte[] getBytes() {
        return digest.clone();
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(digest.length);
        out.write(digest);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        int n = in.readInt();
        if (n != 32) {
            throw new IOException(ALGORITHM + ": digest length must be 32, was " + n);
        }
        digest = new byte[n];
        in.readFully(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlaintextChecksum p && Arrays.equals(digest, p.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }
}
