package io.github.camelelevateai.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds what the file and SFTP routes wrote for a chat file: names carry the interaction identifier (results) or the
 * moment the chat was taken (kept chats and reasons), so tests look them up by the chat's name without extension.
 */
public final class RouteFiles {

    private RouteFiles() {
    }

    /** {@code <stem>.<interactionIdentifier>.interaction.json} in the outbox. */
    public static Path result(Path outbox, String stem) {
        return only(outbox, stem, "[0-9a-fA-F-]{36}\\.interaction\\.json");
    }

    /** {@code <stem>.<taken at>.error.txt} in a {@code .error} folder. */
    public static Path reason(Path errorFolder, String stem) {
        return only(errorFolder, stem, "\\d{8}T\\d{9}\\.error\\.txt");
    }

    /** {@code <stem>.<taken at>.json} in a {@code .done} or {@code .error} folder. */
    public static Path kept(Path folder, String stem) {
        return only(folder, stem, "\\d{8}T\\d{9}\\.json");
    }

    /** Every file of that shape for the stem (a name used again gives several). */
    public static List<Path> all(Path folder, String stem, String tail) {
        Pattern name = Pattern.compile(Pattern.quote(stem) + "\\." + tail);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> name.matcher(file.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many files in the folder end with {@code suffix}, not counting one still under its hidden name. */
    public static long count(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(suffix) && !n.startsWith("."))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path only(Path folder, String stem, String tail) {
        List<Path> found = all(folder, stem, tail);
        if (found.size() != 1) {
            throw new AssertionError("expected one file for " + stem + " in " + folder + ", found " + found);
        }
        return found.get(0);
    }
}
