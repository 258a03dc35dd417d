package fr.coffre.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Deterministic SYNTHETIC FHIR R4 resources in the French "FR Core" flavour: fake patients (invented names, month and
 * year of birth, commune) with their encounters and vital-sign observations. Nothing here describes a real person.
 */
public final class SyntheticFhir {
    private static final String[] GIVEN_F = {"Alice", "Camille", "Léa", "Manon", "Chloé", "Inès"};
    private static final String[] GIVEN_M = {"Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Nathan"};
    private static final String[] FAMILY = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
            "Durand", "Leroy", "Moreau"};
    private static final String[][] COMMUNES = {{"Quimper", "29000"}, {"Rennes", "35000"}, {"Lyon", "69001"},
            {"Albi", "81000"}, {"Colmar", "68000"}, {"Nantes", "44000"}, {"Dijon", "21000"}};
    private static final String[][] VITALS = {{"29463-7", "Body weight", "kg", "kg"},
            {"8302-2", "Body height", "cm", "cm"}, {"8867-4", "Heart rate", "/min", "/min"},
            {"8310-5", "Body temperature", "Cel", "°C"}};
    private static final String PROFILE = "https://hl7.fr/ig/fhir/core/StructureDefinition/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fake patient. */
    public record Patient(String id, String given, String family, String gender, String birthMonth, String commune) {
    }

    /** One resource as the application sees it: where it goes, whose it is, a one-line summary and its JSON. */
    public record Resource(String name, Patient patient, String resourceType, String id, String summary, byte[] json) {
    }

    private SyntheticFhir() {
    }

    public static List<Patient> patients(long seed, int count) {
        Random r = new Random(seed);
        List<Patient> out = new ArrayList<>();
        int familyBase = r.nextInt(FAMILY.length);
        for (int i = 1; i <= count; i++) {
            boolean female = r.nextBoolean();
            String given = female ? GIVEN_F[r.nextInt(GIVEN_F.length)] : GIVEN_M[r.nextInt(GIVEN_M.length)];
            String family = FAMILY[(familyBase + i * 3) % FAMILY.length];
            String birth = String.format(Locale.ROOT, "%d-%02d", 1940 + r.nextInt(70), 1 + r.nextInt(12));
            String commune = COMMUNES[r.nextInt(COMMUNES.length)][0];
            out.add(new Patient(String.format(Locale.ROOT, "pat-%03d", i), given, family,
                    female ? "female" : "male", birth, commune));
        }
        return out;
    }

    /** For each patient: a Patient, {@code encounters} Encounters, and two vital-sign Observations per encounter. */
    public static List<Resource> resources(long seed, List<Patient> patients, int encounters) {
        Random r = new Random(seed ^ 0x5EEDL);
        List<Resource> out = new ArrayList<>();
        for (Patient p : patients) {
            out.add(patient(p));
            for (int e = 1; e <= encounters; e++) {
                String encId = "enc-" + p.id().substring(4) + "-" + e;
                String date = String.format(Locale.ROOT, "2026-%02d-%02d", 1 + r.nextInt(10), 1 + r.nextInt(28));
                out.add(encounter(p, encId, date));
                for (int k = 0; k < 2; k++) {
                    String[] vital = VITALS[r.nextInt(VITALS.length)];
                    double value = switch (vital[0]) {
                        case "29463-7" -> 45 + r.nextInt(600) / 10.0;
                        case "8302-2" -> 150 + r.nextInt(45);
                        case "8867-4" -> 55 + r.nextInt(50);
                        default -> 36 + r.nextInt(30) / 10.0;
                    };
                    out.add(observation(p, encId, "obs-" + encId.substring(4) + "-" + (k + 1), date, vital, value));
                }
            }
        }
        return out;
    }

    private static Resource patient(Patient p) {
        ObjectNode n = base("Patient", p.id(), "fr-core-patient");
        n.putArray("identifier").addObject().put("system", "https://hopital.example.fr/fhir/sid/ipp")
                .put("value", "IPP-" + p.id().substring(4) + "-SYNTH");
        ObjectNode name = n.putArray("name").addObject().put("use", "official").put("family", p.family());
        name.putArray("given").add(p.given());
        n.put("gender", p.gender()).put("birthDate", p.birthMonth());
        n.putArray("address").addObject().put("use", "home").put("city", p.commune()).put("country", "FRA");
        return resource(p, "Patient", p.id(), p.given() + " " + p.family().toUpperCase(Locale.ROOT) + ", "
                + p.gender() + ", born " + p.birthMonth() + ", " + p.commune(), n);
    }

    private static Resource encounter(Patient p, String id, String date) {
        ObjectNode n = base("Encounter", id, "fr-core-encounter");
        n.put("status", "finished");
        n.putObject("class").put("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode").put("code", "AMB")
                .put("display", "ambulatory");
        n.putObject("subject").put("reference", "Patient/" + p.id());
        n.putObject("period").put("start", date + "T09:00:00+01:00").put("end", date + "T09:30:00+01:00");
        return resource(p, "Encounter", id, "ambulatory visit on " + date, n);
    }

    private static Resource observation(Patient p, String encId, String id, String date, String[] vital, double value) {
        ObjectNode n = base("Observation", id, null);
        n.put("status", "final");
        n.putArray("category").addObject().putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "vital-signs");
        n.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", vital[0])
                .put("display", vital[1]);
        n.putObject("subject").put("reference", "Patient/" + p.id());
        n.putObject("encounter").put("reference", "Encounter/" + encId);
        n.put("effectiveDateTime", date + "T09:10:00+01:00");
        n.putObject("valueQuantity").put("value", value).put("unit", vital[3])
                .put("system", "http://unitsofmeasure.org").put("code", vital[2]);
        return resource(p, "Observation", id, vital[1] + " " + value + " " + vital[3], n);
    }

    private static ObjectNode base(String type, String id, String profile) {
        ObjectNode n = JSON.createObjectNode().put("resourceType", type).put("id", id);
        if (profile != null) {
            ArrayNode profiles = n.putObject("meta").putArray("profile");
            profiles.add(PROFILE + profile);
        }
        return n;
    }

    private static Resource resource(Patient p, String type, String id, String summary, ObjectNode json) {
        String name = "patients/" + p.id() + "/" + type + "/" + id + ".json";
        return new Resource(name, p, type, id, summary, json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
