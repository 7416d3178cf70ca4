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
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
        try (JarFile jar = new JarFile(BuiltArtifacts.attached("").toFile())) {
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
        try (JarFile jar = new JarFile(BuiltArtifacts.attached("").toFile())) {
            assertThat(jar.stream().map(entry -> entry.getName().split("/")[0]).distinct())
                    .containsExactlyInAnyOrder("META-INF", "io", "kamelets", "elevateai-routes");
        }
    }

    @Test
    void sourcesAndJavadocJarsHoldTheComponent() throws IOException {
        try (JarFile sources = new JarFile(BuiltArtifacts.attached("-sources").toFile())) {
            assertThat(sources.getEntry("io/github/camelelevateai/component/ElevateAiComponent.java")).isNotNull();
        }
        try (JarFile javadoc = new JarFile(BuiltArtifacts.attached("-javadoc").toFile())) {
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

    /** What Maven Central checks in the pom it is given: the one installed and deployed, not pom.xml. */
    @Test
    void theDeployedPomNamesTheLicenseHomeSourceRepositoryAndDevelopers() throws Exception {
        Document pom = deployedPom();
        assertThat(text(pom, "licenses")).contains("Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0");
        assertThat(text(pom, "url")).startsWith("https://");
        assertThat(text(pom, "scm")).contains("scm:git:");
        assertThat(text(pom, "developers")).isNotBlank();
        assertThat(text(pom, "description")).isNotBlank();
    }

    /**
     * A jar built on Camel 4.14 fails on 4.18 and the other way round (the SPI changed), so each is its own artifact:
     * the 4.14 line's version says so, and the pom deployed with it asks for that line's Camel, whatever profile a user's
     * build has on.
     */
    @Test
    void theDeployedPomIsTheBuildsOwnForItsCamelLine() throws Exception {
        String camel = BundleManifestIT.camelVersion();
        Document pom = deployedPom();
        String version = text(pom, "version");
        assertThat(version).matches(camel.startsWith("4.14.") ? "[0-9.]+-camel-4\\.14(-SNAPSHOT)?" : "[0-9.]+(-SNAPSHOT)?");
        assertThat(BuiltArtifacts.attached("").getFileName().toString()).isEqualTo("camel-elevateai-" + version + ".jar");
        assertThat(Files.readString(TARGET.resolve(".flattened-pom.xml"))).doesNotContain("${", "<profiles>",
                "<dependencyManagement>");
        NodeList dependencies = pom.getElementsByTagName("dependency");
        assertThat(dependencies.getLength()).isPositive();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String group = dependency.getElementsByTagName("groupId").item(0).getTextContent();
            String artifact = dependency.getElementsByTagName("artifactId").item(0).getTextContent();
            assertThat(dependency.getElementsByTagName("version").getLength()).as(artifact).isOne();
            if (group.equals("org.apache.camel")) {
                assertThat(dependency.getElementsByTagName("version").item(0).getTextContent()).as(artifact)
                        .isEqualTo(camel);
            }
        }
    }

    private static Document deployedPom() throws Exception {
        Path flattened = TARGET.resolve(".flattened-pom.xml");
        assertThat(flattened).as("written by flatten-maven-plugin, installed and deployed in pom.xml's place").exists();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(flattened.toFile());
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
}
