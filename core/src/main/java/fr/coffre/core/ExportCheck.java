package fr.coffre.core;

import java.util.List;

/**
 * What {@link Coffre#verifyExport} found in an export directory: whether the manifest's seal verifies under the
 * custody-held audit key, how many files it lists, and the relative paths of listed files that are missing or
 * whose SHA-256 differs. {@code toString} gives counts only (paths are logical names).
 */
public record ExportCheck(boolean sealValid, int files, List<String> missing, List<String> altered) {
    public ExportCheck {
        missing = List.copyOf(missing);
        altered = List.copyOf(altered);
    }

    public boolean ok() {
        return sealValid && missing.isEmpty() && altered.isEmpty();
    }

    @Override
    public String toString() {
        return "ExportCheck[seal " + (sealValid ? "valid" : "INVALID") + ", " + files + " files, " + missing.size()
                + " missing, " + altered.size() + " altered]";
    }
}
