package io.github.camelelevateai.kamelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;

/**
 * A YAML routes file run by camel-main, as a Camel user runs one: the Kamelets come from classpath:kamelets, where
 * camel-kamelet looks by default, and the properties are camel-main's.
 */
final class YamlRoutes implements AutoCloseable {

    private final Main main = new Main();

    private YamlRoutes(Path routes, Map<String, String> properties) throws Exception {
        main.addInitialProperty("camel.main.routesIncludePattern", "file:" + routes.toAbsolutePath());
        properties.forEach(main::addInitialProperty);
        main.start();
    }

    static YamlRoutes start(Path folder, String yaml, Map<String, String> properties) throws Exception {
        return new YamlRoutes(Files.writeString(folder.resolve("routes.yaml"), yaml), properties);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    Exchange send(String uri, Object body) {
        return send(uri, body, Map.of());
    }

    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return context().createProducerTemplate().request(uri, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().getHeaders().putAll(headers);
        });
    }

    @Override
    public void close() {
        main.stop();
    }
}
