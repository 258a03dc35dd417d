package fr.coffre.core.migration;

/** Why one object could not be copied or verified; the run goes on with the others. */
public enum FailureReason {
    /** The source object changed size or vanished between the listing and the copy (a delta pass catches it). */
    SOURCE_CHANGED,
    /** The object disappeared from the source before it could be read. */
    SOURCE_NOT_FOUND,
    /** A store stayed unavailable after its bounded retries. */
    STORE_UNAVAILABLE,
    /** A store refused the credentials or the operation. */
    ACCESS_DENIED,
    /** The destination bucket or container does not exist ({@code coffre mb} creates it). */
    CONTAINER_NOT_FOUND,
    /** Anything else (the exception type is kept in {@link Failure#detail()}). */
    OTHER
}
