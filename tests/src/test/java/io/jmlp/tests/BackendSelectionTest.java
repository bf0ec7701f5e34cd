package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Availability;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.Backends;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code --backend} specs resolve against the providers ServiceLoader finds. */
class BackendSelectionTest {

    @Test
    void everyModuleRegistersItsProvider() {
        List<String> names =
                Backends.providers().stream().map(BackendProvider::name).toList();
        assertTrue(names.containsAll(List.of("cuda", "opencl", "cpu", "reference")), names.toString());
        for (int i = 1; i < Backends.providers().size(); i++) {
            assertTrue(
                    Backends.providers().get(i - 1).rank()
                            >= Backends.providers().get(i).rank(),
                    "best rank first");
        }
    }

    @Test
    void autoPicksTheBestUsableAndSaysWhyBetterOnesWereSkipped() {
        Backends.Choice choice = Backends.choose("auto", false);
        BackendProvider expected = Backends.providers().stream()
                .filter(p -> p.availability().usable() && p.availability().autoSelectable())
                .findFirst()
                .orElseThrow();
        assertEquals(expected.name(), choice.provider().name());
        long better = Backends.providers().stream()
                .filter(p -> p.rank() > expected.rank())
                .count();
        assertEquals(better, choice.notes().size(), "one note per better backend skipped: " + choice.notes());
        choice.notes().forEach(note -> assertTrue(note.startsWith("auto: skipped "), note));
    }

    @Test
    void unavailableBackendFallsBackOrFailsInStrictMode() {
        Optional<BackendProvider> unusable = Backends.providers().stream()
                .filter(p -> !p.availability().usable())
                .findFirst();
        if (unusable.isEmpty()) {
            return; // every backend runs here; the fallback path is covered where one is missing (CI has no GPU)
        }
        String name = unusable.get().name();
        Backends.Choice fallback = Backends.choose(name, false);
        assertFalse(fallback.provider().name().equals(name));
        assertTrue(
                fallback.notes().get(0).contains("fell back to auto"),
                fallback.notes().toString());
        BackendUnavailableException strict =
                assertThrows(BackendUnavailableException.class, () -> Backends.choose(name, true));
        Availability a = unusable.get().availability();
        assertTrue(
                strict.getMessage().contains(a.reason()) && strict.getMessage().contains("strict"),
                strict.getMessage());
    }

    @Test
    void unknownNamesAndBadDevicesAreExplained() {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Backends.choose("tpu", false));
        assertTrue(unknown.getMessage().contains("cuda") && unknown.getMessage().contains("cpu"), unknown.getMessage());
        assertThrows(
                BackendUnavailableException.class,
                () -> Backends.provider("reference").orElseThrow().create(3));
        assertEquals("reference", Backends.choose("reference", true).provider().name());
    }
}
