package fr.coffre.store.cleanup;

import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The writer the cleanup fault tests kill with SIGKILL, in its own JVM:
 * {@code KilledWriter <FaultStores> <container or directory> <name>...} puts one unknown-length object per name, in
 * parallel, each from a stream that blocks for ever after three and a half parts, and prints {@code BLOCKED <name>}
 * when it does. It never ends by itself.
 */
public final class KilledWriter {

    private KilledWriter() {
    }

    public static void main(String[] args) throws InterruptedException {
        FaultStores kind = FaultStores.valueOf(args[0]);
        ObjectStore store = kind.open(args[1]);
        List<Thread> writers = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String name = args[i];
            long blockAt = 3L * kind.partBytes + kind.partBytes / 2;
            Thread t = new Thread(() -> store.put(name, blocking(name, 100 + name.length(), blockAt), -1));
            t.start();
            writers.add(t);
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    private static InputStream blocking(String name, long seed, long blockAt) {
        InputStream data = GeneratedData.stream(seed, Long.MAX_VALUE);
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (position >= blockAt) {
                    System.out.println("BLOCKED " + name);
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE); // until SIGKILL
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
                int n = data.read(b, off, (int) Math.min(len, blockAt - position));
                position += n;
                return n;
            }
        };
    }
}
