package fr.coffre.core;

/**
 * Staged names: where an output committer writes an object before committing it under its destination (FORMAT.md
 * §4.3). An object written under a staged name is bound to its <em>destination</em>, so committing it is a copy of
 * its ciphertext, never a re-encryption ({@link Coffre#copyStaged}). The staged forms are those of Hadoop's
 * {@code FileOutputCommitter} (used by Spark, Hive and MapReduce), where {@code <n>} is a job attempt number, the
 * other two segments a task attempt and a task id, and {@code <rest>} one segment or more:
 * <pre>
 *   &lt;dest&gt;/_temporary/&lt;n&gt;/_temporary/attempt_&lt;id&gt;/&lt;rest&gt;   (a task attempt's output)
 *   &lt;dest&gt;/_temporary/&lt;n&gt;/task_&lt;id&gt;/&lt;rest&gt;                (a committed task's output)
 * </pre>
 * both of destination {@code <dest>/<rest>} ({@code <rest>} alone when {@code <dest>} is empty). Only the first
 * {@code _temporary} segment is considered; any other name is its own destination.
 *
 * <p>Security: the store can place a staged object under its destination (commit what a writer wrote for that name,
 * or an aborted attempt's output for it, before the committer does) and two staged objects of one destination can be
 * swapped; it still cannot alter an object, nor move one to any other name.
 */
public final class StagedNames {
    static final String TEMPORARY = "_temporary";

    private StagedNames() {
    }

    /** The name {@code name} is bound to: its destination if it is staged, else itself. */
    public static String destination(String name) {
        if (!name.contains(TEMPORARY)) {   // every name but a staged one, without splitting it (each access asks)
            return name;
        }
        String[] s = name.split("/", -1);
        int t = java.util.Arrays.asList(s).indexOf(TEMPORARY);
        if (t < 0 || t + 2 >= s.length || !isJobAttempt(s[t + 1])) {
            return name;
        }
        int rest;
        if (s[t + 2].equals(TEMPORARY) && t + 3 < s.length && hasId(s[t + 3], "attempt_")) {
            rest = t + 4;
        } else if (hasId(s[t + 2], "task_")) {
            rest = t + 3;
        } else {
            return name;
        }
        if (rest >= s.length) {
            return name;
        }
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            if (i < t || i >= rest) {
                d.append(d.length() == 0 ? "" : "/").append(s[i]);
            }
        }
        return d.toString();
    }

    /** Whether {@code a} and {@code b} are bound to the same name (a staged name and its destination, say). */
    public static boolean sameDestination(String a, String b) {
        return destination(a).equals(destination(b));
    }

    private static boolean isJobAttempt(String segment) {
        return !segment.isEmpty() && segment.length() <= 9 && segment.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean hasId(String segment, String prefix) {
        return segment.startsWith(prefix) && segment.length() > prefix.length();
    }
}
