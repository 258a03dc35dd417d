package fr.coffre.core.migration;

/**
 * One finding of a verification, under the opaque store name. {@link Kind#symbol()} is the mark
 * {@code rclone check --combined} would print.
 */
public record Difference(String storeName, Kind kind, String detail) {
    /** What was found. */
    public enum Kind {
        /** At the source, not at the destination ({@code -}). */
        MISSING_AT_DESTINATION("-"),
        /** At the destination, not at the source ({@code +}). */
        MISSING_AT_SOURCE("+"),
        /** At both, with different sizes or ciphertext ({@code *}). */
        DIFFERING("*"),
        /** Failed authentication: altered, swapped, renamed, or not made by this vault ({@code !}). */
        TAMPERED("!"),
        /** Could not be checked: its data key was destroyed (crypto-shredded), or a store failed ({@code ?}). */
        UNVERIFIABLE("?");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }
}
