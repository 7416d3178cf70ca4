package io.github.camelelevateai.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.camelelevateai.component.model.Json;

/**
 * The adoc's option and header tables, rendered from Camel's catalog JSON the way Camel's documentation renders its
 * components' tables, so that they read the same on GitHub and cannot drift from the code's annotations.
 */
final class CatalogTables {

    static final String START = "// component options: START\n";
    static final String END = "// component options: END\n";
    private static final String CATALOG = "/META-INF/io/github/camelelevateai/component/elevateai.json";
    private static final String TABLE = "[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n";

    private CatalogTables() {
    }

    static JsonNode catalog() {
        try (InputStream in = CatalogTables.class.getResourceAsStream(CATALOG)) {
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything between the START and END markers. */
    static String render(JsonNode catalog) {
        StringBuilder text = new StringBuilder();
        text.append("== Component options\n\n")
                .append("The ElevateAI component supports ").append(catalog.path("componentProperties").size())
                .append(" options, which are listed below.\n\n");
        options(text, catalog.path("componentProperties"), false);
        text.append("\n== Endpoint options\n\n")
                .append("The ElevateAI endpoint is configured using URI syntax:\n\n----\n")
                .append(catalog.path("component").path("syntax").asText()).append("\n----\n\n")
                .append("With the following path and query parameters:\n\n=== Path parameters (1 parameter)\n\n");
        options(text, catalog.path("properties"), true);
        int query = catalog.path("properties").size() - 1;
        text.append("\n=== Query parameters (").append(query).append(" parameters)\n\n");
        options(text, catalog.path("properties"), false);
        text.append("\n== Message headers\n\n")
                .append("The ElevateAI component supports ").append(catalog.path("headers").size())
                .append(" message headers, which are listed below.\n\n")
                .append("[width=\"100%\",cols=\"3,5,2\",options=\"header\"]\n|===\n| Name | Description | Type\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path("headers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            text.append("| `").append(header.getKey()).append("` (").append(header.getValue().path("group").asText())
                    .append(") | ").append(cell(header.getValue().path("description").asText())).append(" | `")
                    .append(header.getValue().path("javaType").asText()).append("`\n");
        }
        return text.append("|===\n").toString();
    }

    private static void options(StringBuilder text, JsonNode options, boolean path) {
        text.append(TABLE).append("| Name | Description | Default | Type\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> option = it.next();
            JsonNode value = option.getValue();
            if (value.path("kind").asText().equals("path") != path) {
                continue;
            }
            text.append("| *").append(option.getKey()).append("* (").append(value.path("group").asText()).append(")")
                    .append(value.path("required").asBoolean() ? " *Required*" : "")
                    .append(" | ").append(cell(value.path("description").asText()))
                    .append(value.has("enum") ? " Values: " + enumValues(value.path("enum")) + "." : "")
                    .append(value.path("secret").asBoolean() ? " Secret: masked wherever Camel prints it." : "")
                    .append(" | ").append(value.has("defaultValue") ? cell(value.path("defaultValue").asText()) : "")
                    .append(" | ").append(cell(simpleType(value.path("javaType").asText()))).append("\n");
        }
        text.append("|===\n");
    }

    private static String enumValues(JsonNode values) {
        StringBuilder text = new StringBuilder();
        values.forEach(value -> text.append(text.length() == 0 ? "" : ", ").append('`').append(value.asText()).append('`'));
        return text.toString();
    }

    private static String simpleType(String javaType) {
        return javaType.substring(javaType.lastIndexOf('.') + 1);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
