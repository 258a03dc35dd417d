package fr.coffre.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.core.Coffre;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.core.ObjectStat;
import fr.coffre.core.PutOptions;
import fr.coffre.KeyDestroyedException;
import fr.coffre.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;


/**
 * The {@code ./coffre demo}: writes a few dozen SYNTHETIC FHIR R4 resources for fake patients (one data key per
 * patient), reads them back, prints what the application sees beside what the store holds, scans the whole store for
 * anything readable, then crypto-shreds one patient and shows that only their records became unreadable.
 *
 * <p>Each run uses a fresh run tag in the subjects, so that a patient shredded by an earlier run can be written again
 * (a shredded subject's key is gone for good); objects of earlier runs are deleted first.
 */
public final class HealthRecordsDemo {
    public static final String VAULT_ID = "demo";
    public static final long SEED = 2026;
    public static final int PATIENTS = 6;
    public static final int ENCOUNTERS_PER_PATIENT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Coffre coffre;
    private final ObjectStore store;
    private final Path storeDirectory;
    private final PrintStream out;
    private final String runTag;

    /** What the demo checked; {@link #ok()} when every check passed. */
    public record Result(int written, int verified, StoreScanner.Result scan, int shredded, int shreddedUnreadable,
            int others, int othersReadable) {
        public boolean ok() {
            return written > 0 && verified == written && scan.clean() && shredded > 0 && shreddedUnreadable == shredded
                    && othersReadable == others;
        }
    }

    /**
     * @param coffre a Coffre on vault {@value #VAULT_ID} over {@code store}
     * @param storeDirectory where {@code store} keeps its files, to scan them too ({@code null} if not a local store)
     * @param runTag distinguishes this run's subjects from earlier runs' (e.g. a timestamp)
     */
    public HealthRecordsDemo(Coffre coffre, ObjectStore store, Path storeDirectory, PrintStream out, String runTag) {
        this.coffre = coffre;
        this.store = store;
        this.storeDirectory = storeDirectory;
        this.out = out;
        this.runTag = runTag;
    }

    public Result run() {
        List<SyntheticFhir.Patient> patients = SyntheticFhir.patients(SEED, PATIENTS);
        List<SyntheticFhir.Resource> resources = SyntheticFhir.resources(SEED, patients, ENCOUNTERS_PER_PATIENT);
        out.printf("Coffre health-records demo: %d SYNTHETIC FHIR R4 resources (FR Core flavour) for %d fake patients%n",
                resources.size(), patients.size());
        out.printf("  store:   %s%n  custody: %s at %s (jurisdiction %s)%n%n", coffre.storeDescriptor(),
                coffre.custodyDescriptor().scheme(), coffre.custodyDescriptor().endpoint(),
                coffre.custodyDescriptor().jurisdiction());
        coffre.list("").toList().forEach(coffre::delete);

        out.printf("1. Writing every resource with subject = its patient (one data key per patient, wrapped in custody)%n");
        for (SyntheticFhir.Resource r : resources) {
            PutOptions options = PutOptions.builder().subject(subject(r.patient())).contentType("application/fhir+json")
                    .metadata("resourceType", r.resourceType()).plaintextLengthBytes(r.json().length).build();
            coffre.put(r.name(), new ByteArrayInputStream(r.json()), options);
        }
        out.printf("   wrote %d objects%n%n", resources.size());

        out.printf("2. Reading back: what the application sees | what the store holds%n");
        out.printf("   %-12s %-12s %-44s | %-33s %5s  %s%n", "resourceType", "id", "content (decrypted)",
                "store name (opaque, last segment)", "bytes", "first bytes");
        int verified = 0;
        for (SyntheticFhir.Resource r : resources) {
            byte[] back = read(r.name());
            JsonNode json = parse(back);
            boolean same = Arrays.equals(back, r.json()) && r.resourceType().equals(json.path("resourceType").asText());
            verified += same ? 1 : 0;
            ObjectStat stat = coffre.stat(r.name());
            out.printf("   %-12s %-12s %-44s | %-33s %5d  %s%s%n", json.path("resourceType").asText(),
                    json.path("id").asText(), cut(r.summary(), 44), lastSegment(stat.storeName()), stat.storedSizeBytes(),
                    firstBytesHex(stat.storeName()), same ? "" : "  MISMATCH");
        }
        out.printf("   %d/%d resources read back identical (authenticated, and bound to their names)%n%n", verified,
                resources.size());

        List<String> markers = markers(patients);
        StoreScanner.Result scan = new StoreScanner(markers).scan(store, storeDirectory);
        out.printf("3. Scanning everything the store holds for \"resourceType\", patient names, ids and communes%n");
        out.printf("   %d objects%s, %d bytes: %s%n%n", scan.objectsScanned(),
                storeDirectory == null ? "" : " and " + scan.filesScanned() + " files under " + storeDirectory,
                scan.bytesScanned(), scan.clean() ? "nothing readable found: OK" : "FOUND READABLE DATA:");
        scan.findings().forEach(f -> out.printf("   ! %s%n", f));

        SyntheticFhir.Patient erased = patients.get(1);
        out.printf("4. Crypto-shredding patient %s (GDPR art. 17): destroying their data key%n", erased.id());
        int destroyed = coffre.shred(subject(erased));
        int shredded = 0;
        int unreadable = 0;
        int others = 0;
        int readable = 0;
        for (SyntheticFhir.Resource r : resources) {
            if (r.patient().equals(erased)) {
                shredded++;
                unreadable += isDestroyed(r.name()) ? 1 : 0;
            } else {
                others++;
                readable += Arrays.equals(read(r.name()), r.json()) ? 1 : 0;
            }
        }
        out.printf("   %d data key destroyed; %d/%d of %s's records now raise KeyDestroyedException;"
                + " %d/%d other records still read%n%n", destroyed, unreadable, shredded, erased.id(), readable, others);
        Result result = new Result(resources.size(), verified, scan, shredded, unreadable, others, readable);
        out.println(result.ok() ? "Demo OK: the store saw only ciphertext and opaque names."
                : "Demo FAILED: see the lines above.");
        return result;
    }

    private String subject(SyntheticFhir.Patient p) {
        return p.id() + "#" + runTag;
    }

    private static List<String> markers(List<SyntheticFhir.Patient> patients) {
        List<String> markers = new ArrayList<>(List.of("resourceType", "IPP-", "pat-0"));
        for (SyntheticFhir.Patient p : patients) {
            for (String m : List.of(p.given(), p.family(), p.commune())) {
                if (!markers.contains(m)) {
                    markers.add(m);
                }
            }
        }
        return markers;
    }

    private byte[] read(String name) {
        try (DecryptedObject o = coffre.get(name)) {
            return o.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean isDestroyed(String name) {
        try {
            read(name);
            return false;
        } catch (KeyDestroyedException expected) {
            return true;
        }
    }

    private String firstBytesHex(String storeName) {
        try (InputStream in = store.get(storeName, 0, 16)) {
            return HexFormat.of().formatHex(in.readAllBytes()) + "…";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastSegment(String storeName) {
        return cut("…/" + storeName.substring(storeName.lastIndexOf('/') + 1), 30);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
