package fr.coffre.store;

/**
 * What {@link ObjectStore#head} returns: the object's {@link ObjectInfo} and its first bytes (a COF1 header and
 * sealed metadata are readable from them without any key).
 *
 * @param info the object's name, size and date
 * @param firstBytes its first {@code min(size, maxBytes)} bytes; the array is the caller's
 */
public record ObjectHead(ObjectInfo info, byte[] firstBytes) {
    public ObjectHead {
        if (info == null || firstBytes == null) {
            throw new fr.coffre.InvalidInputException("info and firstBytes: must be non-null");
        }
        if (firstBytes.length > info.sizeBytes()) {
            throw new fr.coffre.InvalidInputException("firstBytes: " + firstBytes.length
                    + " bytes, more than the object's size " + info.sizeBytes());
        }
    }

    @Override
    public String toString() {
        return "ObjectHead[" + info + ", " + firstBytes.length + " first bytes]";
    }
}
