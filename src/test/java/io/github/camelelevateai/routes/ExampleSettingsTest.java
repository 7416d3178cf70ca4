package io.github.camelelevateai.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each ready-made route has an application.properties in examples/ that holds every setting it uses, each explained and
 * backed by an environment variable that docs/routes.md lists; the settings the routes share read the same in each file.
 */
class ExampleSettingsTest {

    private static final String SHARED = "# ---- Shared by every route";
    private static final String OWN = "# ---- Only this route ----";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z][a-zA-Z0-9.]*)}}");
    private static final Pattern SETTING = Pattern.compile("(?m)^#?([a-z][a-zA-Z0-9.]*) = ");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{env:([A-Z_]+)");

    @ParameterizedTest
    @ValueSource(strings = { "file-to-elevateai", "jms-to-elevateai", "sftp-to-elevateai" })
    void everySettingARouteUsesIsExplainedInItsApplicationProperties(String route) throws IOException {
        String settings = settingsOf(route);
        Set<String> used = placeholders(Files.readString(Path.of("routes", route + ".yaml"))
                                        + Files.readString(Path.of("routes", "elevateai-declare.yaml")));
        Set<String> defined = matches(SETTING, settings);
        assertThat(defined).containsAll(used);
        // every setting has its comment: the line above each block of settings is one
        assertThat(settings.split("\n\n")).allSatisfy(block -> assertThat(block).startsWith("#"));
        String readme = Files.readString(Path.of("docs", "routes.md"));
        assertThat(matches(VARIABLE, settings)).allSatisfy(variable -> assertThat(readme).contains("`" + variable + "`"));
    }

    /** The results routes: their own settings and the shared results path's, each explained and in docs/routes.md. */
    @ParameterizedTest
    @ValueSource(strings = { "file-results", "jms-results" })
    void everySettingAResultsRouteUsesIsExplainedInItsApplicationProperties(String route) throws IOException {
        String settings = settingsOf(route);
        Set<String> used = placeholders(Files.readString(Path.of("routes", route + ".yaml"))
                                        + Files.readString(Path.of("routes", "elevateai-results.yaml")));
        assertThat(matches(SETTING, settings)).containsAll(used);
        String readme = Files.readString(Path.of("docs", "routes.md"));
        assertThat(matches(VARIABLE, settings)).allSatisfy(variable -> assertThat(readme).contains("`" + variable + "`"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jms-to-elevateai", "sftp-to-elevateai" })
    void theSharedSettingsReadTheSameInEveryRoutesFile(String route) throws IOException {
        assertThat(sharedPart(settingsOf(route))).isEqualTo(sharedPart(settingsOf("file-to-elevateai")));
    }

    private static String settingsOf(String route) throws IOException {
        return Files.readString(Path.of("examples", route, "application.properties"));
    }

    private static String sharedPart(String settings) {
        assertThat(settings).contains(SHARED, OWN);
        return settings.substring(settings.indexOf(SHARED), settings.indexOf(OWN));
    }

    private static Set<String> placeholders(String text) {
        Set<String> names = matches(PLACEHOLDER, text);
        names.removeIf(name -> name.startsWith("env"));
        return names;
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
