package fr.coffre.store.internal;

import fr.coffre.InvalidInputException;
import fr.coffre.store.Leftover;

/** The ids of S3 multipart-upload leftovers, shared by the S3 drivers: {@code <key>?uploadId=<upload id>}. */
public final class MultipartLeftovers {

    private static final String SEPARATOR = "?uploadId=";

    private MultipartLeftovers() {
    }

    /** Whether {@code key} is a name this library could have written (never {@code ?}). */
    public static boolean isStoreName(String key) {
        try {
            ObjectNames.requireValidName(key);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    public static String id(String key, String uploadId) {
        return key + SEPARATOR + uploadId;
    }

    /** The key and upload id of {@code leftover}. */
    public static String[] keyAndUploadId(Leftover leftover) {
        int at = leftover.id().indexOf(SEPARATOR);
        if (leftover.kind() != Leftover.Kind.MULTIPART_UPLOAD || at <= 0
                || at + SEPARATOR.length() == leftover.id().length()) {
            throw new InvalidInputException("leftover: not a multipart upload of an S3 store");
        }
        return new String[] {leftover.id().substring(0, at), leftover.id().substring(at + SEPARATOR.length())};
    }
}
