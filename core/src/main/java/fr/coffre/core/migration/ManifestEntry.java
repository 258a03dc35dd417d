package fr.coffre.core.migration;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One line of the manifest: an object copied ({@code C}: size, SHA-256 of its COF1 header, SHA-256 of its whole
 * ciphertext) or removed at the destination ({@code D}). Encoded as
 * {@code TYPE SIZE HEADER_SHA256 CONTENT_SHA256 NAME CRC32}, space-separated (store names have no space), the
 * CRC32 (8 hex digits) covering everything before it, so a torn last line is recognised and dropped.
 */
record ManifestEntry(boolean copied, String name, long sizeBytes, String headerSha256, String contentSha256) {

    static ManifestEntry copied(String name, long size, String headerSha256, String contentSha256) {
        return new ManifestEntry(true, name, size, headerSha256, contentSha256);
    }

    static ManifestEntry deleted(String name) {
        return new ManifestEntry(false, name, 0, "-", "-");
    }

    String encode() {
        String body = (copied ? "C " : "D ") + sizeBytes + " " + headerSha256 + " " + contentSha256 + " " + name;
        return body + " " + crc(body);
    }

    /** The entry on {@code line}, or {@code null} if the line is torn or corrupt. */
    static ManifestEntry decode(String line) {
        int cut = line.lastIndexOf(' ');
        if (cut < 0 || !crc(line.substring(0, cut)).equals(line.substring(cut + 1))) {
            return null;
        }
        String[] f = line.substring(0, cut).split(" ", -1);
        if (f.length != 5 || !(f[0].equals("C") || f[0].equals("D"))) {
            return null;
        }
        try {
            return new ManifestEntry(f[0].equals("C"), f[4], Long.parseLong(f[1]), f[2], f[3]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }
}
