package io.github.camelelevateai.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Json;

/**
 * The component's options from {@code CAMEL_COMPONENT_ELEVATEAI_*} environment variables, as camel-main documents them
 * ({@code CAMEL_COMPONENT_ELEVATEAI_LANGUAGE_TAG} or {@code ..._LANGUAGETAG} for {@code languageTag}), with Camel's
 * precedence: over the properties files, under a JVM system property of the same option. With camel-main alone such a
 * variable had no effect on this component (the files' value won), so the runner applies it itself; a variable that
 * names no option stops the runner, rather than being ignored.
 */
final class ComponentEnvironment {

    static final String PREFIX = "CAMEL_COMPONENT_ELEVATEAI_";
    private static final String PROPERTY_PREFIX = "camel.component.elevateai.";
    private static final String CATALOG = "/META-INF/io/github/camelelevateai/component/elevateai.json";

    private ComponentEnvironment() {
    }

    /**
     * @return the options to apply, as {@code camel.component.elevateai.<option>} properties
     * @throws IllegalArgumentException for a variable that names no option of the component
     */
    static Map<String, String> options(Map<String, String> environment, Properties systemProperties) {
        List<String> options = optionNames();
        Map<String, String> found = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (!variable.getKey().startsWith(PREFIX)) {
                continue;
            }
            String wanted = normalised(variable.getKey().substring(PREFIX.length()));
            String option = options.stream().filter(name -> normalised(name).equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("The environment variable " + variable.getKey()
                            + " names no option of the elevateai component (its options: " + String.join(", ", options)
                            + ")"));
            if (!setAsSystemProperty(option, systemProperties)) {
                found.put(PROPERTY_PREFIX + option, variable.getValue());
            }
        }
        return found;
    }

    private static boolean setAsSystemProperty(String option, Properties systemProperties) {
        return systemProperties.stringPropertyNames().stream()
                .anyMatch(name -> name.equalsIgnoreCase(PROPERTY_PREFIX + option));
    }

    private static String normalised(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** The component's options as Camel's catalog names them. */
    private static List<String> optionNames() {
        try (InputStream in = ComponentEnvironment.class.getResourceAsStream(CATALOG)) {
            JsonNode catalog = Json.MAPPER.readTree(in);
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = catalog.path("componentProperties").fieldNames(); it.hasNext();) {
                names.add(it.next());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("the component's catalog " + CATALOG + " could not be read", e);
        }
    }
}
