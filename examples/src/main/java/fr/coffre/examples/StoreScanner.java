package fr.coffre.examples;

import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Looks for readable markers (e.g. {@code "resourceType"}, patient names) in everything a store holds: every object
 * name and byte through the {@link ObjectStore} API and, for a store kept in a directory, every file name and byte
 * on disk. Streams in chunks, so large objects are fine.
 */
public final class StoreScanner {
    private static final int CHUNK = 64 * 1024;
    private final List<String> markers;
    private final List<byte[]> markerBytes = new ArrayList<>();
    private final int overlap;

    /** What a scan found: how much it looked at and where a marker appeared. */
    public record Result(int objectsScanned, int filesScanned, long bytesScanned, List<String> findings) {
        public boolean clean() {
            return findings.isEmpty();
        }
    }

    public StoreScanner(List<String> markers) {
        this.markers = List.copyOf(markers);
        int longest = 1;
        for (String m : markers) {
            byte[] b = m.getBytes(StandardCharsets.UTF_8);
            markerBytes.add(b);
            longest = Math.max(longest, b.length);
        }
        this.overlap = longest - 1;
    }

    public Result scan(ObjectStore store, Path directory) {
        List<String> findings = new ArrayList<>();
        int objects = 0;
        long bytes = 0;
        String token = null;
        do {
            ListPage page = store.list("", token, 1000);
            for (ObjectInfo o : page.objects()) {
                objects++;
                checkName("object name " + o.name(), o.name(), findings);
                try (InputStream in = store.get(o.name())) {
                    bytes += checkContent("object " + o.name(), in, findings);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            token = page.nextToken().orElse(null);
        } while (token != null);
        int files = 0;
        if (directory != null && Files.isDirectory(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path p : walk.toList()) {
                    checkName("path " + directory.relativize(p), directory.relativize(p).toString(), findings);
                    if (Files.isRegularFile(p)) {
                        files++;
                        try (InputStream in = Files.newInputStream(p)) {
                            bytes += checkContent("file " + directory.relativize(p), in, findings);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Result(objects, files, bytes, findings);
    }

    /**
     * A Coffre opaque name token: a long run of lowercase base32 (an HMAC or a SIV ciphertext) with digits in it. A
     * short marker turns up inside one by chance (a four-letter given name in about one demo run in twenty), which
     * is no leak; a readable token (a file name, a word) is never of this form.
     */
    private static final java.util.regex.Pattern OPAQUE =
            java.util.regex.Pattern.compile("(?<![a-z2-7])[a-z2-7]{32,}(?![a-z2-7])");
    private static final int OPAQUE_MIN_DIGITS = 3;

    /** {@code name} with its opaque tokens replaced by '/', so markers are looked for in what is left only. */
    static String readablePart(String name) {
        return OPAQUE.matcher(name).replaceAll(m -> m.group().chars().filter(c -> c >= '2' && c <= '7').count()
                >= OPAQUE_MIN_DIGITS ? "/" : m.group());
    }

    private void checkName(String where, String name, List<String> findings) {
        String lower = readablePart(name).toLowerCase(Locale.ROOT);
        for (String m : markers) {
            if (lower.contains(m.toLowerCase(Locale.ROOT))) {
                findings.add(where + " contains \"" + m + "\"");
            }
        }
    }

    private long checkContent(String where, InputStream in, List<String> findings) throws IOException {
        byte[] buf = new byte[CHUNK + overlap];
        int kept = 0;
        long total = 0;
        boolean[] found = new boolean[markers.size()];
        for (int n; (n = in.read(buf, kept, CHUNK)) > 0; ) {
            total += n;
            int len = kept + n;
            for (int i = 0; i < markerBytes.size(); i++) {
                if (!found[i] && indexOf(buf, len, markerBytes.get(i))) {
                    found[i] = true;
                    findings.add(where + " contains \"" + markers.get(i) + "\"");
                }
            }
            kept = Math.min(overlap, len);
            System.arraycopy(buf, len - kept, buf, 0, kept);
        }
        return total;
    }

    private static boolean indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
