package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StagedNamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // a task attempt's output, a committed task's output (FileOutputCommitter, algorithm 1 and 2)
        "out/_temporary/0/_temporary/attempt_202612031200_0001_m_000003_0/part-3, out/part-3",
        "out/_temporary/0/task_202612031200_0001_m_000003/part-3, out/part-3",
        "a/b/_temporary/12/_temporary/attempt_1/y=2026/m=12/part-0, a/b/y=2026/m=12/part-0",
        "_temporary/0/task_1/part-0, part-0",
        "_temporary/0/_temporary/attempt_1/d/part-0, d/part-0",
        // only the first _temporary counts
        "out/_temporary/0/task_1/_temporary/0/task_2/x, out/_temporary/0/task_2/x",
        // not the layout: each bound to itself
        "out/part-3, out/part-3",
        "out/_temporary, out/_temporary",
        "out/_temporary/0, out/_temporary/0",
        "out/_temporary/0/part-3, out/_temporary/0/part-3",
        "out/_temporary/0/task_1, out/_temporary/0/task_1",
        "out/_temporary/0/task_/x, out/_temporary/0/task_/x",
        "out/_temporary/0/_temporary/attempt_1, out/_temporary/0/_temporary/attempt_1",
        "out/_temporary/0/_temporary/task_1/x, out/_temporary/0/_temporary/task_1/x",
        "out/_temporary/x1/task_1/x, out/_temporary/x1/task_1/x",
        "out/_temporary/1234567890/task_1/x, out/_temporary/1234567890/task_1/x",
        "out/_Temporary/0/task_1/x, out/_Temporary/0/task_1/x",
        "out/x_temporary/0/task_1/x, out/x_temporary/0/task_1/x",
    })
    void mapsTheCommittersLayoutToItsDestinationAndAnythingElseToItself(String name, String destination) {
        assertEquals(destination, StagedNames.destination(name));
    }

    @ParameterizedTest
    @CsvSource({
        "out/_temporary/0/_temporary/attempt_1_m_3_0/p, out/_temporary/0/task_1_m_3/p, true",
        "out/_temporary/0/task_1_m_3/p, out/p, true",
        "out/p, out/p, true",
        "out/_temporary/0/task_1_m_3/p, out/q, false",
        "out/_temporary/0/task_1_m_3/p, other/p, false",
        "out/_temporary/0/task_1/p, out/_temporary/0/p, false",
    })
    void comparesDestinations(String a, String b, boolean same) {
        assertEquals(same, StagedNames.sameDestination(a, b));
        assertEquals(same, StagedNames.sameDestination(b, a));
    }

    @ParameterizedTest
    @CsvSource({"out/_temporary/0/task_1/p", "p"})
    void aDestinationIsItsOwnDestination(String name) {
        String d = StagedNames.destination(name);
        assertEquals(d, StagedNames.destination(d));
        assertTrue(StagedNames.sameDestination(name, d));
        assertFalse(StagedNames.sameDestination(name, d + "x"));
    }
}
