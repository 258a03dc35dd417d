package fr.coffre.core.migration;

/**
 * What happened to one object during a run, as told to {@link MigrationListener#object}: its opaque store name,
 * the action, the bytes it concerned and, for {@link Action#FAILED}, why.
 */
public record ObjectOutcome(String storeName, Action action, long bytes, Failure failure) {
    /** The fate of one object. */
    public enum Action {
        /** Copied to the destination (or, in a dry run, would be). */
        COPIED,
        /** Already at the destination per the manifest, unchanged at the source. */
        SKIPPED,
        /** Deleted at the source; removed at the destination ({@code delete}) or only reported. */
        DELETED_AT_SOURCE,
        /** Could not be copied; see {@link ObjectOutcome#failure()}. */
        FAILED
    }
}
