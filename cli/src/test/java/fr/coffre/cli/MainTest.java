package fr.coffre.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;
    Map<String, String> env = Map.of(EmbeddedCustody.PASSWORD_ENV, "cli-test-password-not-a-secret");

    private record Outcome(int code, String out, String err, byte[] raw) {
    }

    private Outcome coffre(byte[] stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--store", "file://" + tmp.resolve("store"), "--keystore",
                tmp.resolve("keys/keystore.bcfks").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(new String[0]), new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                out.toByteArray());
    }

    private Outcome coffre(String... args) {
        return coffre(new byte[0], args);
    }

    private Path storedFile() throws IOException {
        try (Stream<Path> files = Files.walk(tmp.resolve("store"))) {
            return files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
    }

    @Nested
    class Objects {
        @Test
        void putGetLsRmRoundTrip() throws IOException {
            Path file = tmp.resolve("in.json");
            Files.writeString(file, "{\"resourceType\":\"Patient\",\"name\":\"Alice Martin\"}");
            assertEquals(0, coffre("put", "patients/alice/p.json", file.toString(), "--subject", "alice").code());
            Outcome get = coffre("get", "patients/alice/p.json");
            assertEquals(0, get.code(), get.err());
            assertArrayEquals(Files.readAllBytes(file), get.raw());
            Path back = tmp.resolve("back.json");
            assertEquals(0, coffre("get", "patients/alice/p.json", back.toString()).code());
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back));
            assertEquals("patients/alice/p.json\n", coffre("ls", "patients/").out());
            assertEquals(0, coffre("rm", "patients/alice/p.json").code());
            assertEquals("", coffre("ls").out());
        }

        @Test
        void putFromStdinWithUnknownLength() {
            byte[] data = "from stdin".getBytes(StandardCharsets.UTF_8);
            assertEquals(0, coffre(data, "put", "s", "-").code());
            assertArrayEquals(data, coffre("get", "s").raw());
        }
    }

    @Nested
    class ExitCodes {
        @Test
        void usageErrorsExitTwo() {
            assertEquals(2, coffre("put", "only-name").code());
            assertEquals(2, coffre("frobnicate").code());
            assertEquals(2, coffre("ls", "--bogus").code());
            Outcome bad = coffre("put", "a//b", "-");
            assertEquals(2, bad.code());
            assertTrue(bad.err().startsWith("coffre: error: name: "), bad.err());
        }

        @Test
        void missingObjectExitsThree() {
            Outcome o = coffre("get", "patients/Alice Martin/nothing");
            assertEquals(3, o.code());
            assertFalse(o.err().contains("Alice"), o.err());
            assertEquals(3, coffre("rm", "nothing").code());
        }

        @Test
        void tamperedObjectExitsFourWithoutStackTrace() throws IOException {
            assertEquals(0, coffre("put", "x", "-").code());
            Path stored = storedFile();
            byte[] bytes = Files.readAllBytes(stored);
            bytes[bytes.length - 1] ^= 1;
            Files.write(stored, bytes);
            Outcome o = coffre("get", "x");
            assertEquals(4, o.code());
            assertFalse(o.err().contains("\tat "), o.err());
            assertTrue(coffre("get", "x", "--debug").err().contains("\tat "), "--debug shows the stack trace");
        }

        @Test
        void shreddedSubjectExitsFive() {
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            Outcome shred = coffre("shred", "patient-1");
            assertEquals(0, shred.code(), shred.err());
            Outcome o = coffre("get", "p/1");
            assertEquals(5, o.code());
            assertTrue(o.err().contains("destroyed"), o.err());
        }
    }

    @Nested
    class Keys {
        @Test
        void rotateAndInfoReportTheNewMasterVersion() {
            assertEquals(0, coffre("put", "p/1", "-", "--subject", "patient-1").code());
            Outcome rotate = coffre("rotate");
            assertEquals(0, rotate.code(), rotate.err());
            assertTrue(rotate.out().contains("coffre-master#2"), rotate.out());
            Outcome info = coffre("info");
            assertTrue(info.out().contains("jurisdiction FR"), info.out());
            assertTrue(info.out().contains("master:    keystore:coffre-master#2"), info.out());
            assertEquals(0, coffre("get", "p/1").code());
        }

        @Test
        void generatedPasswordIsSavedOwnerOnlyWithAWarning() throws IOException {
            env = Map.of();
            Outcome first = coffre("ls");
            assertEquals(0, first.code(), first.err());
            assertTrue(first.err().contains("DEVELOPMENT keystore"), first.err());
            Path pw = EmbeddedCustody.passwordFile(tmp.resolve("keys/keystore.bcfks"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)));
            Outcome second = coffre("ls");
            assertEquals(0, second.code());
            assertTrue(second.err().contains("development custody"), second.err());
        }

        @Test
        void existingKeystoreWithoutPasswordIsRefused() throws IOException {
            assertEquals(0, coffre("ls").code());
            env = Map.of();
            Outcome o = coffre("ls");
            assertEquals(2, o.code());
            assertTrue(o.err().contains(EmbeddedCustody.PASSWORD_ENV), o.err());
        }
    }

    @Test
    void helpListsEveryCommand() {
        Outcome help = coffre("help");
        assertEquals(0, help.code());
        for (String c : List.of("demo", "put", "get", "ls", "rm", "rotate", "shred", "info")) {
            assertTrue(help.out().contains("  " + c), c);
        }
    }
}
