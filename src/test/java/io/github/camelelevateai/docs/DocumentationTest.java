package io.github.camelelevateai.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.ElevateAiOperation;
import io.github.camelelevateai.component.metrics.ElevateAiMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documents stay true: the adoc reference in step with the catalog and the code, README a front door whose links
 * all lead somewhere, and every document reachable from it.
 */
class DocumentationTest {

    private static final Path ADOC = Path.of("src", "main", "docs", "elevateai-component.adoc");
    private static final Path README = Path.of("README.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    /**
     * The option and header tables are the catalog's, rendered. After an option or header changes, regenerate them
     * with {@code mvn test -Dtest=DocumentationTest -Delevateai.docs.update=true} and commit the adoc.
     */
    @Test
    void theAdocTablesAreTheCatalogsRendered() throws IOException {
        String adoc = Files.readString(ADOC);
        int start = adoc.indexOf(CatalogTables.START);
        int end = adoc.indexOf(CatalogTables.END);
        assertThat(start).as("the adoc's '" + CatalogTables.START.trim() + "' marker").isNotNegative();
        assertThat(end).as("the adoc's '" + CatalogTables.END.trim() + "' marker").isGreaterThan(start);
        String rendered = "\n" + CatalogTables.render(CatalogTables.catalog()) + "\n";
        String current = adoc.substring(start + CatalogTables.START.length(), end);
        if (Boolean.getBoolean("elevateai.docs.update") && !current.equals(rendered)) {
            Files.writeString(ADOC, adoc.substring(0, start + CatalogTables.START.length()) + rendered
                                    + adoc.substring(end));
            return;
        }
        assertThat(current).as("the adoc's tables; regenerate them with "
                               + "mvn test -Dtest=DocumentationTest -Delevateai.docs.update=true").isEqualTo(rendered);
    }

    /** Description, operations and exceptions: what the tables cannot say is still in step with the code. */
    @Test
    void theAdocReferenceIsInStepWithTheCatalogAndTheCode() throws IOException {
        String adoc = Files.readString(ADOC);
        JsonNode catalog = CatalogTables.catalog();
        assertThat(adoc).contains(":description: " + catalog.path("component").path("description").asText() + "\n");
        List<String> catalogOperations = new ArrayList<>();
        catalog.path("properties").path("operation").path("enum").forEach(value -> catalogOperations.add(value.asText()));
        assertThat(catalogOperations).containsExactly(
                Arrays.stream(ElevateAiOperation.values()).map(Enum::name).toArray(String[]::new));
        String operations = section(adoc, "== URI format");
        for (String operation : catalogOperations) {
            assertThat(operations).as("operation " + operation).contains("`" + operation + "`");
        }
        String exceptions = section(adoc, "== Exceptions");
        try (Stream<Path> sources = Files.list(Path.of("src", "main", "java", "io", "github", "camelelevateai", "component"))) {
            for (Path source : sources.filter(file -> file.getFileName().toString().endsWith("Exception.java")).toList()) {
                String exception = source.getFileName().toString().replace(".java", "");
                assertThat(exceptions).as("exception " + exception).contains("`" + exception + "`");
            }
        }
        assertThat(adoc).contains("[source,java]", "[source,yaml]");
        assertThat(adoc).contains("== Health check", "`producer:elevateai-<operation>`", "`healthCheckInterval`",
                "`healthCheckProducerEnabled`", "== Metrics");
        for (String meter : new String[] { ElevateAiMetrics.API_REQUESTS, ElevateAiMetrics.API_REQUESTS_IN_FLIGHT,
                ElevateAiMetrics.API_RETRIES }) {
            assertThat(section(adoc, "== Metrics")).as("meter " + meter).contains("`" + meter + "`");
        }
    }

    @Test
    void readmeStatesTheCommandCiRuns() throws IOException {
        String readme = Files.readString(README);
        String ci = Files.readString(Path.of(".ci", "run"));
        assertThat(ci).contains("mvn -B verify");
        assertThat(readme).contains("mvn -B verify").doesNotContain("BENCHMARK_RESULTS");
    }

    /** Every relative link in README and docs/ names a file that exists, and a heading there when it has an anchor. */
    @Test
    void everyLinkLeadsSomewhere() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).hasSizeGreaterThan(1);
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
                assertThat(resolved).as(document + " links to " + target).exists();
                if (target.contains("#") && resolved.toString().endsWith(".md")) {
                    assertThat(anchors(Files.readString(resolved))).as(document + " links to " + target)
                            .contains(target.substring(target.indexOf('#') + 1));
                }
            }
        }
    }

    /** Two clicks: README links to every document and to the reference, each document links back. */
    @Test
    void readmeLeadsToEveryDocument() throws IOException {
        String readme = Files.readString(README);
        assertThat(readme).contains("](" + ADOC.toString().replace('\\', '/') + ")");
        for (Path document : documents()) {
            if (!document.equals(README)) {
                assertThat(readme).as("README links to " + document).contains("](" + document + ")");
                assertThat(Files.readString(document)).as(document + " links back to README").contains("](../README.md)");
            }
        }
        assertThat(readme.length()).as("README is a front door, not the reference").isLessThan(16_000);
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** GitHub's anchors: a heading in lower case, spaces to hyphens, punctuation dropped. */
    private static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    private static String section(String adoc, String heading) {
        int start = adoc.indexOf(heading + "\n");
        assertThat(start).as("the adoc's section " + heading).isNotNegative();
        int end = adoc.indexOf("\n== ", start + heading.length());
        return adoc.substring(start, end < 0 ? adoc.length() : end);
    }
}
