package fr.coffre.cli;

import fr.coffre.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps object names to local paths and back for {@code put -r} and {@code get -r}. A prefix names a "directory":
 * {@code tree} and {@code tree/} both select the names under {@code tree/}. A name that would be written outside the
 * target directory ({@code ..} or {@code .} segments, empty segments, backslashes, a symbolic link leading out) is
 * refused; messages never repeat the name (names may carry personal data).
 */
final class TreePaths {
    private TreePaths() {
    }

    /** {@code ""}, or the prefix ending with exactly one '/'. */
    static String directoryPrefix(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The object name of {@code file} (under {@code root}) with {@code prefix}. */
    static String name(String prefix, Path root, Path file) {
        StringBuilder s = new StringBuilder(directoryPrefix(prefix));
        Path relative = root.relativize(file);
        for (int i = 0; i < relative.getNameCount(); i++) {
            s.append(i == 0 ? "" : "/").append(relative.getName(i));
        }
        return s.toString();
    }

    /** Where the object {@code name} (listed under {@code prefix}) goes under {@code root}; checked, not created. */
    static Path target(Path root, String prefix, String name) {
        String dirPrefix = directoryPrefix(prefix);
        if (!name.startsWith(dirPrefix) || name.length() == dirPrefix.length()) {
            throw new InvalidInputException("get -r: an object name does not extend the prefix; refused");
        }
        String[] segments = name.substring(dirPrefix.length()).split("/", -1);
        Path base = root.toAbsolutePath().normalize();
        Path target = base;
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..") || seg.indexOf('\\') >= 0 || seg.indexOf('\0') >= 0) {
                throw new InvalidInputException("get -r: segment " + i + " of an object name would lead outside the"
                        + " target directory ('..', '.', empty or '\\'); refused, nothing written");
            }
            target = target.resolve(seg);
        }
        if (!target.normalize().startsWith(base) || target.getNameCount() != base.getNameCount() + segments.length) {
            throw new InvalidInputException("get -r: an object name would lead outside the target directory; refused,"
                    + " nothing written");
        }
        return target;
    }

    /** Creates the parent directories of {@code target}, refusing a symbolic link that leads out of {@code root}. */
    static void createParents(Path root, Path target) {
        try {
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(root.toRealPath())) {
                throw new InvalidInputException("get -r: a directory under the target leads outside it (symbolic"
                        + " link); refused");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("get -r: cannot create a directory under " + root + " ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
