package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The jars {@code mvn package} left in {@code target}, found by name: the version is the build's (the 4.14 line's
 * carries {@code -camel-4.14}), so tests match it rather than repeat it.
 */
public final class BuiltArtifacts {

    private static final Path TARGET = Path.of("target");

    private BuiltArtifacts() {
    }

    /** The bundle: {@code camel-elevateai-<version>.jar}. */
    public static Path bundle() throws IOException {
        return attached("");
    }

    /** The bundle ({@code ""}) or the jar attached beside it with that classifier ({@code "-sources"}, ...). */
    public static Path attached(String classifier) throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(file -> file.getFileName().toString().matches("camel-elevateai-[0-9.]+(-camel-[0-9.]+)?"
                    + "(-SNAPSHOT)?" + classifier + "\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no camel-elevateai" + classifier + " jar in target: built by"
                                                          + " mvn package"))
                    .toAbsolutePath();
        }
    }

    /** The version in the bundle's name. */
    public static String version() throws IOException {
        String name = bundle().getFileName().toString();
        return name.substring("camel-elevateai-".length(), name.length() - ".jar".length());
    }
}
