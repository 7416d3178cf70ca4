package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code mvn package} builds for a release to Maven Central: the jar with its license and notice, the sources and
 * javadoc jars, a CycloneDX bill of materials, and a pom that names the license, the project's home, its source
 * repository and its developers.
 */
class ReleaseArtifactsIT {

    private static final Path TARGET = Path.of("target");

    @Test
    void theJarCarriesTheLicenseAndTheNotice() throws IOException {
        try (JarFile jar = new JarFile(artifact("").toFile())) {
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes()))
                    .contains("Apache License", "Version 2.0");
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/NOTICE")).readAllBytes()))
                    .contains("camel-elevateai");
        }
        assertThat(Path.of("LICENSE")).exists();
        assertThat(Path.of("NOTICE")).exists();
    }

    /** Nothing of the build machine travels in the bundle: no folder but the ones a user's class path expects. */
    @Test
    void theJarHoldsOnlyItsOwnFolders() throws IOException {
        try (JarFile jar = new JarFile(artifact("").toFile())) {
            assertThat(jar.stream().map(entry -> entry.getName().split("/")[0]).distinct())
                    .containsExactlyInAnyOrder("META-INF", "io", "kamelets", "elevateai-routes");
        }
    }

    @Test
    void sourcesAndJavadocJarsHoldTheComponent() throws IOException {
        try (JarFile sources = new JarFile(artifact("-sources").toFile())) {
            assertThat(sources.getEntry("io/github/camelelevateai/component/ElevateAiComponent.java")).isNotNull();
        }
        try (JarFile javadoc = new JarFile(artifact("-javadoc").toFile())) {
            assertThat(javadoc.getEntry("index.html")).isNotNull();
            assertThat(javadoc.getEntry("io/github/camelelevateai/component/ElevateAiComponent.html")).isNotNull();
        }
    }

    @Test
    void theBillOfMaterialsListsTheComponentAndItsDependenciesWithTheirLicenses() throws IOException {
        JsonNode bom = new ObjectMapper().readTree(TARGET.resolve("bom.json").toFile());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        JsonNode self = bom.path("metadata").path("component");
        assertThat(self.path("name").asText()).isEqualTo("camel-elevateai");
        assertThat(self.path("licenses").toString()).contains("Apache-2.0");
        List<String> components = new ArrayList<>();
        bom.path("components").forEach(component -> components.add(component.path("group").asText() + ":"
                + component.path("name").asText() + (component.path("licenses").isEmpty() ? " (no license)" : "")));
        assertThat(components).contains("org.apache.camel:camel-api", "org.apache.httpcomponents.client5:httpclient5",
                "com.fasterxml.jackson.core:jackson-databind");
        assertThat(TARGET.resolve("bom.xml")).exists();
    }

    @Test
    void thePomNamesTheLicenseHomeSourceRepositoryAndDevelopers() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        assertThat(text(pom, "licenses")).contains("Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0");
        assertThat(text(pom, "url")).startsWith("https://");
        assertThat(text(pom, "scm")).contains("scm:git:");
        assertThat(text(pom, "developers")).isNotBlank();
        assertThat(text(pom, "description")).isNotBlank();
    }

    private static String text(Document pom, String element) {
        var nodes = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (element.equals(nodes.item(i).getNodeName())) {
                return nodes.item(i).getTextContent().strip();
            }
        }
        return "";
    }

    private static Path artifact(String classifier) throws IOException {
        try (var files = Files.list(TARGET)) {
            return files.filter(file -> file.getFileName().toString().matches("camel-elevateai-[0-9.]+(-SNAPSHOT)?"
                    + classifier + "\\.jar")).findFirst().orElseThrow(() -> new AssertionError(
                    "no camel-elevateai" + classifier + " jar in target: built by mvn package"));
        }
    }
}
