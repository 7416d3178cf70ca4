package io.github.camelelevateai.kamelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** This project's Kamelets: named by the files in src/main/resources/kamelets, read as the build filtered them. */
final class Kamelets {

    static final String SINK = "elevateai-declare-chat-sink";
    static final String ACTION = "elevateai-get-analysis-action";
    static final String SUFFIX = ".kamelet.yaml";
    static final YAMLMapper YAML = new YAMLMapper();

    private Kamelets() {
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "kamelets"))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(SUFFIX))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where camel-kamelet looks by default: classpath:kamelets/NAME.kamelet.yaml. */
    static String text(String name) {
        try (InputStream in = Kamelets.class.getClassLoader().getResourceAsStream("kamelets/" + name + SUFFIX)) {
            if (in == null) {
                throw new AssertionError("kamelets/" + name + SUFFIX + " is not on the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String name) {
        try {
            return YAML.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
