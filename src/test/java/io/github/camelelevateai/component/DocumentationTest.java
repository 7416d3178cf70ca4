package io.github.camelelevateai.component;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.metrics.ElevateAiMetrics;
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

    /**
     * The component's adoc is its reference where Camel users read it: in step with the catalog (description,
     * operations, option and header tables rendered from it) and with the code (every operation and exception).
     */
    @Test
    void theAdocReferenceIsInStepWithTheCatalogAndTheCode() throws Exception {
        String adoc = Files.readString(Path.of("src", "main", "docs", "elevateai-component.adoc"));
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/github/camelelevateai/component/elevateai.json")) {
            catalog = Json.MAPPER.readTree(in);
        }
        assertThat(adoc).contains(":description: " + catalog.path("component").path("description").asText() + "\n");
        assertThat(adoc).contains("include::partial$component-configure-options.adoc[]",
                "include::partial$component-endpoint-options.adoc[]",
                "include::partial$component-endpoint-headers.adoc[]");
        java.util.List<String> catalogOperations = new java.util.ArrayList<>();
        catalog.path("properties").path("operation").path("enum").forEach(value -> catalogOperations.add(value.asText()));
        assertThat(catalogOperations).containsExactly(java.util.Arrays.stream(ElevateAiOperation.values())
                .map(Enum::name).toArray(String[]::new));
        for (String operation : catalogOperations) {
            assertThat(adoc).as("operation " + operation).contains("`" + operation + "`");
        }
        try (var sources = Files.list(Path.of("src", "main", "java", "io", "github", "camelelevateai", "component"))) {
            for (Path source : sources.filter(file -> file.getFileName().toString().endsWith("Exception.java")).toList()) {
                String exception = source.getFileName().toString().replace(".java", "");
                if (!exception.equals("ElevateAiException")) {
                    assertThat(adoc).as("exception " + exception).contains("`" + exception + "`");
                }
            }
        }
        assertThat(adoc).contains("[source,java]", "[source,yaml]");
        // health and metrics: the check's id and option, every meter the component records
        assertThat(adoc).contains("== Health check", "`producer:elevateai-<operation>`", "`healthCheckInterval`",
                "`healthCheckProducerEnabled`", "== Metrics");
        for (String meter : new String[] { ElevateAiMetrics.API_REQUESTS, ElevateAiMetrics.API_REQUESTS_IN_FLIGHT,
                ElevateAiMetrics.API_RETRIES }) {
            assertThat(adoc).as("meter " + meter).contains("`" + meter + "`");
        }
    }
}
