package fr.coffre.cli;

import fr.coffre.InvalidInputException;

/** The {@code --jobs N} rule of tree transfers. */
final class Jobs {
    private Jobs() {
    }

    static void check(int jobs) {
        if (jobs < 1 || jobs > TreeTransfer.MAX_JOBS) {
            throw new InvalidInputException("--jobs: must be 1 to " + TreeTransfer.MAX_JOBS + ", was " + jobs);
        }
    }
}
