package fr.coffre.core;

import java.nio.file.Path;

/**
 * What {@link Coffre#exportPrefix} or {@link Coffre#exportSubject} wrote: {@code files} plaintext records of
 * {@code bytes} in all under {@code directory}, and the SHA-256 (hex) of the sealed manifest listing them.
 */
public record ExportReport(Path directory, int files, long bytes, String manifestSha256) {
}
