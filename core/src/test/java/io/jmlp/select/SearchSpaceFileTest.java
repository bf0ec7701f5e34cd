package io.jmlp.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchSpaceFileTest {

    @Test
    void aConfigFileGivesTheSpaceAndBadLinesAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("space.txt");
        Files.writeString(file, "# moons\nlayers = 8;16,8\nactivation = relu, tanh\nlr = 0.01,0.1   # two rates\n");
        SearchSpace space = SearchSpace.of(SearchSpace.readFile(file), SearchCommandDefaults.MOONS);
        List<TrialConfig> grid = space.grid(5);
        assertEquals(8, grid.size());
        assertEquals(List.of(16, 8), grid.get(7).hidden());
        assertEquals("tanh", grid.get(7).activation());

        Files.writeString(file, "layers = 8\nwidth = 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.readFile(file));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("unknown key 'width'"), e.getMessage());

        e = assertThrows(
                IllegalArgumentException.class,
                () -> SearchSpace.of(Map.of("optimizer", "adam,lbfgs"), SearchCommandDefaults.MOONS));
        assertTrue(e.getMessage().contains("unknown optimizer 'lbfgs'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SearchSpace.of(Map.of("lr", "0..1"), SearchCommandDefaults.MOONS));
        assertTrue(e.getMessage().contains("log-uniformly"), e.getMessage());
    }
}
