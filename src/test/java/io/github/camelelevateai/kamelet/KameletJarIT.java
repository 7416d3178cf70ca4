package io.github.camelelevateai.kamelet;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarFile;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import io.github.camelelevateai.packaging.BuiltArtifacts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar {@code mvn package} builds carries the Kamelets where camel-kamelet looks by default: classpath:kamelets. */
class KameletJarIT {

    @Test
    void theJarCarriesEachKameletAsBuiltWithItsVersion() throws IOException {
        try (JarFile jar = new JarFile(BuiltArtifacts.bundle().toFile())) {
            for (String name : Kamelets.names()) {
                var entry = jar.getEntry("kamelets/" + name + Kamelets.SUFFIX);
                assertThat(entry).as(name + " in " + jar.getName()).isNotNull();
                String shipped = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(shipped).isEqualTo(Kamelets.text(name)).doesNotContain("${")
                        .contains("mvn:io.github.camelelevateai:camel-elevateai:" + BuiltArtifacts.version());
            }
        }
    }

    @Test
    void camelFindsTheKameletsInTheJarAlone() throws Exception {
        try (URLClassLoader jarOnly = new URLClassLoader(new URL[] { BuiltArtifacts.bundle().toUri().toURL() }, null);
             CamelContext context = new DefaultCamelContext()) {
            context.setApplicationContextClassLoader(jarOnly);
            for (String name : Kamelets.names()) {
                Resource resource = ResourceHelper.resolveMandatoryResource(context,
                        "classpath:kamelets/" + name + Kamelets.SUFFIX);
                assertThat(resource.getURI().toString()).startsWith("jar:" + BuiltArtifacts.bundle().toUri().toURL() + "!/kamelets/");
                PluginHelper.getRoutesLoader(context).loadRoutes(resource);
                assertThat(context.getCamelContextExtension().getContextPlugin(Model.class)
                        .getRouteTemplateDefinition(name)).as(name).isNotNull();
            }
        }
    }
}
