package fr.coffre.hadoop;

import fr.coffre.core.Coffre;
import fr.coffre.core.ObjectStat;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.store.ObjectNotFoundException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A Hadoop {@link FileSystem} over one Coffre vault: {@code coffre://<vault>/<path>} is the Coffre object
 * {@code <path>} of vault {@code <vault>}, in the store, custody and key registry the {@code fs.coffre.*} keys name
 * (see README.md, "Spark and Hadoop"). Registered as a service: Spark, Hive, DistCp... find it by its scheme.
 *
 * <ul>
 *   <li>Files are objects; directories are inferred from name prefixes, and {@link #mkdirs} writes an (encrypted,
 *       hidden) marker object {@value #DIR_MARKER} so that an empty directory exists.</li>
 *   <li>{@link #open} reads through authenticated ranged reads, segment-aligned with read-ahead
 *       ({@link CoffreInputStream}); {@link #create} streams into one encrypted put, the object appearing atomically
 *       on close ({@link CoffreOutputStream}).</li>
 *   <li>{@link #rename} copies re-encrypting under the new name (the name is bound into the ciphertext), then
 *       deletes: not atomic, and refused ({@link RenameRefusedException}) for objects the connector did not
 *       write. An output committer's moves between names of one destination
 *       ({@link fr.coffre.core.StagedNames}) copy the ciphertext instead.</li>
 *   <li>{@link #getFileChecksum} is the SHA-256 of the plaintext ({@value PlaintextChecksum#ALGORITHM}).</li>
 *   <li>No append, no permissions, owners or times other than the store's last-modified date.</li>
 * </ul>
 * Exceptions are {@link IOException}s with Coffre's typed exception as the cause; messages name opaque store names,
 * never a path.
 */
public class CoffreFileSystem extends FileSystem {
    public static final String SCHEME = "coffre";
    /** Marker object that {@link #mkdirs} writes; hidden from listings. */
    public static final String DIR_MARKER = "_coffre_dir";
    /** Sealed metadata key recording the collection whose data key the connector wrote the object under. */
    static final String OWNER_KEY = "coffre-hadoop.collection";
    private static final AtomicInteger THREADS = new AtomicInteger();

    private URI uri;
    private Path workingDirectory;
    private FsSettings settings;
    private VaultSession session;
    private Coffre coffre;
    private ExecutorService putters;

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        super.initialize(name, conf);
        setConf(conf);
        try {
            this.settings = FsSettings.of(conf, name.getAuthority());
            this.session = VaultSession.open(settings, System.getenv());
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
        this.coffre = session.coffre();
        this.uri = URI.create(SCHEME + "://" + settings.vault);
        this.workingDirectory = new Path(uri.toString() + "/");
        this.putters = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "coffre-io-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public URI getUri() {
        return uri;
    }

    /** No delegation tokens: executors reach custody with their own credentials (environment). */
    @Override
    public String getCanonicalServiceName() {
        return null;
    }

    @Override
    public Path getWorkingDirectory() {
        return workingDirectory;
    }

    @Override
    public void setWorkingDirectory(Path dir) {
        this.workingDirectory = makeQualified(dir);
    }

    @Override
    public long getDefaultBlockSize() {
        return settings.blockSizeBytes;
    }

    @Override
    public FSDataInputStream open(Path path, int bufferSize) throws IOException {
        String name = name(path);
        if (name.isEmpty()) {
            throw new FileNotFoundException("coffre://" + settings.vault + "/: is a directory");
        }
        ObjectStat stat = stat(name).orElseThrow(() -> notFound(name));
        statistics.incrementReadOps(1);
        return new FSDataInputStream(new CoffreInputStream(coffre, name, stat.plaintextLengthBytes(),
                settings.segmentSizeBytes, settings.readAheadBytes, statistics));
    }

    @Override
    public FSDataOutputStream create(Path path, FsPermission permission, boolean overwrite, int bufferSize,
            short replication, long blockSize, Progressable progress) throws IOException {
        String name = name(path);
        if (name.isEmpty()) {
            throw new FileAlreadyExistsException("object " + storeName(name) + ": is a directory");
        }
        // independent store calls, made at once and judged in order: a directory at the path, a file at it (unless
        // overwriting), a file at an ancestor
        List<String> ancestors = ancestors(name);
        List<Integer> checks = java.util.stream.IntStream.range(0, ancestors.size() + 2).boxed().toList();
        List<Boolean> found = Fanout.map(putters, checks,
                k -> k == 0 ? isDirectory(name) : k == 1 ? !overwrite && exists(name) : exists(ancestors.get(k - 2)));
        if (found.get(0)) {
            throw new FileAlreadyExistsException("object " + storeName(name) + ": is a directory");
        }
        if (found.get(1)) {
            throw new FileAlreadyExistsException("object " + storeName(name) + ": exists");
        }
        requireNoFile(ancestors, found.subList(2, found.size()));
        statistics.incrementWriteOps(1);
        return new FSDataOutputStream(new CoffreOutputStream(putters, settings.segmentSizeBytes,
                in -> coffre.put(name, in, Copies.connectorOptions(settings.collection))), statistics);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path path, FsPermission permission,
            java.util.EnumSet<org.apache.hadoop.fs.CreateFlag> flags, int bufferSize, short replication,
            long blockSize, Progressable progress) throws IOException {
        Path parent = makeQualified(path).getParent();
        if (parent != null && !getFileStatus(parent).isDirectory()) {
            throw new ParentNotDirectoryException("object " + storeName(name(parent)) + ": is a file");
        }
        return create(path, permission, flags.contains(org.apache.hadoop.fs.CreateFlag.OVERWRITE), bufferSize,
                replication, blockSize, progress);
    }

    /** Not supported: a COF1 object is sealed when written. */
    @Override
    public FSDataOutputStream append(Path path, int bufferSize, Progressable progress) {
        throw new UnsupportedOperationException("append: Coffre objects are sealed when written");
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        String from = name(src);
        String to = name(dst);
        if (from.isEmpty() || from.equals(to)) {
            return !from.isEmpty() && exists(from);
        }
        if (to.startsWith(from + "/")) {
            return false;
        }
        // independent store calls, made at once (two rounds at most) and judged as one after another
        String target = to;
        int slash = to.lastIndexOf('/');
        List<Boolean> first = Fanout.map(putters, List.of(0, 1, 2, 3, 4), k -> switch (k) {
            case 0 -> exists(from);
            case 1 -> isDirectory(from);
            case 2 -> target.isEmpty() || isDirectory(target);
            case 3 -> !target.isEmpty() && exists(target);
            default -> slash <= 0 || isDirectory(target.substring(0, slash));
        });
        boolean file = first.get(0);
        if (!file && !first.get(1)) {
            return false;
        }
        if (first.get(2)) {   // into that directory, under the same leaf name
            String leaf = from.substring(from.lastIndexOf('/') + 1);
            String inside = to.isEmpty() ? leaf : to + "/" + leaf;
            if (Fanout.map(putters, List.of(0, 1), k -> k == 0 ? exists(inside) : isDirectory(inside)).contains(true)) {
                return false;
            }
            to = inside;
        } else if (first.get(3) || !first.get(4)) {   // a file there already, or no directory to hold it
            return false;
        }
        statistics.incrementWriteOps(1);
        new Copies(coffre, putters).move(from, to, file);
        return true;
    }

    @Override
    public boolean delete(Path path, boolean recursive) throws IOException {
        String name = name(path);
        if (name.isEmpty()) {
            return false;
        }
        statistics.incrementWriteOps(1);
        try {
            if (exists(name)) {
                coffre.delete(name);
                return true;
            }
            List<String> under = namesUnder(name + "/");
            if (under.isEmpty()) {
                return false;
            }
            if (!recursive && under.stream().anyMatch(n -> !n.equals(name + "/" + DIR_MARKER))) {
                throw new PathIsNotEmptyDirectoryException("object prefix " + storeName(name) + ": not empty");
            }
            Fanout.map(putters, under, n -> {
                coffre.delete(n);
                return n;
            });
            return true;
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
    }

    @Override
    public FileStatus[] listStatus(Path path) throws IOException {
        String name = name(path);
        String prefix = name.isEmpty() ? "" : name + "/";
        List<String> under = namesUnder(prefix);
        if (under.isEmpty()) {   // nothing under it: a file, the (empty) root, or nothing
            FileStatus self = getFileStatus(path);
            return self.isFile() ? new FileStatus[] {self} : new FileStatus[0];
        }
        TreeSet<String> dirs = new TreeSet<>();
        TreeSet<String> files = new TreeSet<>();
        for (String n : under) {
            String rest = n.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                dirs.add(rest.substring(0, slash));
            } else if (!rest.equals(DIR_MARKER)) {
                files.add(rest);
            }
        }
        statistics.incrementReadOps(1);
        Path base = makeQualified(path);
        TreeMap<String, FileStatus> out = new TreeMap<>();
        for (String d : dirs) {
            out.put(d, directoryStatus(new Path(base, d)));
        }
        List<String> fileNames = new ArrayList<>(files);
        List<Optional<ObjectStat>> stats = Fanout.map(putters, fileNames, f -> stat(prefix + f));
        for (int i = 0; i < fileNames.size(); i++) {
            String f = fileNames.get(i);
            stats.get(i).ifPresent(s -> out.put(f, fileStatus(new Path(base, f), s)));
        }
        return out.values().toArray(new FileStatus[0]);
    }

    @Override
    public boolean mkdirs(Path path, FsPermission permission) throws IOException {
        String name = name(path);
        if (name.isEmpty() || isDirectory(name)) {
            return true;
        }
        if (exists(name)) {
            throw new FileAlreadyExistsException("object " + storeName(name) + ": is a file");
        }
        requireNoFileAncestor(name);
        statistics.incrementWriteOps(1);
        try {
            coffre.put(name + "/" + DIR_MARKER, InputStream.nullInputStream(),
                    Copies.connectorOptions(settings.collection));
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
        return true;
    }

    @Override
    public FileStatus getFileStatus(Path path) throws IOException {
        String name = name(path);
        statistics.incrementReadOps(1);
        if (name.isEmpty()) {
            return directoryStatus(makeQualified(path));
        }
        // a file's stat, then (if none) a directory's listing, as S3A probes: one request for a file
        Optional<ObjectStat> stat = stat(name);
        if (stat.isPresent()) {
            return fileStatus(makeQualified(path), stat.get());
        }
        if (isDirectory(name)) {
            return directoryStatus(makeQualified(path));
        }
        throw notFound(name);
    }

    /** SHA-256 of the plaintext ({@value PlaintextChecksum#ALGORITHM}); {@code null} for a directory. */
    @Override
    public FileChecksum getFileChecksum(Path path) throws IOException {
        String name = name(path);
        if (name.isEmpty() || !exists(name)) {
            if (name.isEmpty() || isDirectory(name)) {
                return null;
            }
            throw notFound(name);
        }
        statistics.incrementReadOps(1);
        try (DecryptedObject o = coffre.get(name)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            InputStream in = o.content();
            byte[] buf = new byte[settings.segmentSizeBytes];
            for (int r; (r = in.read(buf)) != -1; ) {
                sha.update(buf, 0, r);
            }
            return new PlaintextChecksum(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (putters != null) {
                putters.shutdownNow();
            }
            if (session != null) {
                session.close();
            }
        }
    }

    /** The vault this file system reads and writes (for tests and embedding applications in this package). */
    Coffre coffre() {
        return coffre;
    }

    @Override
    public String toString() {
        return "CoffreFileSystem[" + (session == null ? "uninitialized" : coffre.toString()) + "]";
    }

    /** The logical name of {@code path} in this vault: its path without the leading '/' ("" for the root). */
    private String name(Path path) {
        Path q = makeQualified(path);
        String p = q.toUri().getPath();
        return p.startsWith("/") ? p.substring(1) : p;
    }

    private Optional<ObjectStat> stat(String name) throws IOException {
        try {
            return Optional.of(coffre.stat(name));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
    }

    private boolean exists(String name) throws IOException {
        try {
            return coffre.exists(name);
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
    }

    private boolean isDirectory(String name) throws IOException {
        try (Stream<String> s = coffre.list(name.isEmpty() ? "" : name + "/")) {
            return name.isEmpty() || s.findFirst().isPresent();
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
    }

    private List<String> namesUnder(String prefix) throws IOException {
        try (Stream<String> s = coffre.list(prefix)) {
            return new ArrayList<>(s.toList());
        } catch (RuntimeException e) {
            throw Errors.io(e);
        }
    }

    private void requireNoFileAncestor(String name) throws IOException {
        List<String> ancestors = ancestors(name);
        requireNoFile(ancestors, Fanout.map(putters, ancestors, this::exists));
    }

    /** Refuses the first of {@code ancestors} that {@code isFile} says is a file. */
    private void requireNoFile(List<String> ancestors, List<Boolean> isFile) throws ParentNotDirectoryException {
        for (int i = 0; i < ancestors.size(); i++) {
            if (isFile.get(i)) {
                throw new ParentNotDirectoryException("object " + storeName(ancestors.get(i)) + ": is a file");
            }
        }
    }

    /** The names of {@code name}'s ancestor directories, from the top. */
    private static List<String> ancestors(String name) {
        List<String> out = new ArrayList<>();
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            out.add(name.substring(0, slash));
        }
        return out;
    }

    private FileStatus fileStatus(Path path, ObjectStat s) {
        long mtime = s.lastModified().map(java.time.Instant::toEpochMilli).orElse(0L);
        // -1: a size-padded object whose key was shredded (unreadable; listed, as any shredded object is)
        return new FileStatus(Math.max(0, s.plaintextLengthBytes()), false, 1, settings.blockSizeBytes, mtime, path);
    }

    private static FileStatus directoryStatus(Path path) {
        return new FileStatus(0, true, 1, 0, 0, path);
    }

    private String storeName(String name) {
        return name.isEmpty() ? "(root)" : coffre.storeName(name);
    }

    private FileNotFoundException notFound(String name) {
        return new FileNotFoundException("coffre://" + settings.vault + ": no such file or directory (object "
                + storeName(name) + ")");
    }
}
