package io.github.camelelevateai.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The component jar is an OSGi bundle Karaf can resolve, and the features file points at it. */
class BundleManifestIT {

    @Test
    void theJarIsABundleImportingCamelFourX() throws Exception {
        Path bundle;
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            bundle = jars.filter(p -> p.getFileName().toString().matches("camel-elevateai-[0-9].*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("runner"))
                    .findFirst().orElseThrow();
        }
        try (JarFile jar = new JarFile(bundle.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Bundle-SymbolicName")).isEqualTo("io.github.camelelevateai.camel-elevateai");
            assertThat(manifest.getValue("Bundle-ManifestVersion")).isEqualTo("2");
            String imports = manifest.getValue("Import-Package").replace("\r\n ", "");
            assertThat(imports).contains("org.apache.camel;version=\"[4.0,5)\"",
                    "org.apache.camel.support;version=\"[4.0,5)\"", "org.apache.camel.spi;version=\"[4.0,5)\"");
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

    @Test
    void theFeaturesFileNamesTheBundleAndCamel() throws Exception {
        String features = Files.readString(Path.of("target", "feature", "features.xml"));
        assertThat(features).contains("<feature name=\"camel-elevateai\"")
                .contains("mvn:io.github.camelelevateai/camel-elevateai/")
                .contains("<feature version=\"[4,5)\">camel-core</feature>")
                .doesNotContain("${");
    }
}
