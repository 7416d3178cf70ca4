package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The component jar is an OSGi bundle Karaf can resolve, importing Camel at the lines its build was tested on. */
class BundleManifestIT {

    /**
     * The Camel lines .ci/run tests, and the range a bundle built on each imports Camel at. A build is for its own line:
     * Camel 4.15 changed an SPI the generated URI factory implements (EndpointUriFactory.multiValuePrefixes), so a 4.14
     * bundle stops short of 4.15, and a 4.18 one (tested on 4.18 and 4.22) short of 4.14 and of the untested 4.23.
     */
    static final Map<String, String> TESTED_RANGES = Map.of(
            "4.14", "[4.14,4.15)",
            "4.18", "[4.18,4.23)",
            "4.22", "[4.18,4.23)");

    @Test
    void theJarIsABundleImportingTheCamelLinesItWasTestedOn() throws Exception {
        String camel = camelVersion();
        String line = camel.substring(0, camel.indexOf('.', camel.indexOf('.') + 1));
        String range = TESTED_RANGES.get(line);
        assertThat(range).as("Camel %s on the test classpath is one of the lines tested, %s", camel, TESTED_RANGES.keySet())
                .isNotNull();
        assertThat(KarafFeaturesIT.VersionRange.parse(range).includes(camel)).as("%s includes %s", range, camel).isTrue();
        try (JarFile jar = new JarFile(BuiltArtifacts.bundle().toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Bundle-SymbolicName")).isEqualTo("io.github.camelelevateai.camel-elevateai");
            assertThat(manifest.getValue("Bundle-ManifestVersion")).isEqualTo("2");
            String imports = importPackage();
            assertThat(imports).contains("org.apache.camel;version=\"" + range + "\"",
                    "org.apache.camel.support;version=\"" + range + "\"", "org.apache.camel.spi;version=\"" + range + "\"",
                    "org.apache.camel.main;version=\"" + range + "\";resolution:=optional");
            assertThat(imports.split(",(?=[a-z])")).filteredOn(i -> i.startsWith("org.apache.camel"))
                    .as("every Camel package at the tested range").allMatch(i -> i.contains("version=\"" + range + "\""));
            // HttpClient 5.5 or later: 5.4's classic client bounds the TLS handshake by the socket timeout
            assertThat(imports).contains("org.apache.hc.client5.http.config;version=\"[5.5,6)\"",
                    "org.apache.hc.core5.http;version=\"[5.3,6)\"");
            assertThat(imports).containsPattern("com\\.sun\\.net\\.httpserver;resolution:=optional");
            assertThat(imports).containsPattern("org\\.junit\\.jupiter\\.api\\.extension;version=\"[^\"]*\";resolution:=optional");
            // Micrometer is optional: the component records metrics only where a MeterRegistry is there
            assertThat(imports).containsPattern("io\\.micrometer\\.core\\.instrument;version=\"[^\"]*\";resolution:=optional");
            String exports = manifest.getValue("Export-Package");
            assertThat(exports).contains("io.github.camelelevateai.component;", "io.github.camelelevateai.component.model;",
                    "io.github.camelelevateai.sandbox;", "io.github.camelelevateai.routes;");
            // only the runner (a private package) handles signals: Karaf need not export sun.misc
            assertThat(imports).containsPattern("sun\\.misc;resolution:=optional");
            assertThat(exports).doesNotContain("io.github.camelelevateai.runner");
            assertThat(jar.getEntry("META-INF/services/org/apache/camel/component/elevateai")).isNotNull();
        }
    }

    static String importPackage() throws IOException {
        try (JarFile jar = new JarFile(BuiltArtifacts.bundle().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Import-Package").replace("\r\n ", "");
        }
    }

    /** The Camel release on this test's classpath, the one the build compiled against. */
    static String camelVersion() throws IOException {
        try (InputStream in = org.apache.camel.CamelContext.class
                .getResourceAsStream("/META-INF/maven/org.apache.camel/camel-api/pom.properties")) {
            assertThat(in).as("camel-api's pom.properties").isNotNull();
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
    }
}
