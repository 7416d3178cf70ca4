package io.github.camelelevateai.component;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** README is the front door: every option and header Camel's catalog knows is documented there, and the CI command. */
class DocumentationTest {

    @Test
    void readmeDocumentsEveryOptionAndHeader() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelelevateai/component/elevateai.json")) {
            catalog = Json.MAPPER.readTree(in);
        }
        for (String section : new String[] { "componentProperties", "properties", "headers" }) {
            for (Iterator<String> names = catalog.get(section).fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("configuration") && !name.equals("operation")) {
                    assertThat(readme).as(section + " " + name).contains("`" + name + "`");
                }
            }
        }
    }

    @Test
    void readmeStatesTheCommandCiRuns() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String ci = Files.readString(Path.of(".ci", "run"));
        assertThat(ci).contains("mvn -B verify");
        assertThat(readme).contains("mvn -B verify").doesNotContain("BENCHMARK_RESULTS");
    }
}
