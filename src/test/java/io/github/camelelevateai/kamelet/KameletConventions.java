package io.github.camelelevateai.kamelet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Kamelet schema cannot say but Camel's own Kamelets do (KameletSchemaTest holds all 248 of
 * org.apache.camel.kamelets:camel-kamelets 4.18.0 to the same rules; three Kafka ones leave a password unmarked): the
 * name is the file's, the type label is one of the three, the definition and each property have a title and a
 * description, what is required is defined, a secret is a password marked as a credential, and the template uses only
 * properties it defines.
 */
final class KameletConventions {

    static final String TYPE_LABEL = "camel.apache.org/kamelet.type";
    static final String CREDENTIALS = "urn:camel:group:credentials";
    private static final Set<String> TYPES = Set.of("source", "sink", "action");
    /** What a template may use without defining it, besides its own beans' names: the ids Camel gives it. */
    private static final Set<String> GIVEN_BY_CAMEL = Set.of("routeId", "templateId");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^{}:?]+)(:[^{}]*)?}}");

    private KameletConventions() {
    }

    static List<String> problems(String fileName, JsonNode kamelet) {
        List<String> problems = new ArrayList<>();
        String name = kamelet.path("metadata").path("name").asText();
        if (!fileName.equals(name + Kamelets.SUFFIX)) {
            problems.add("metadata.name '" + name + "' is not the file's name " + fileName);
        }
        String type = kamelet.path("metadata").path("labels").path(TYPE_LABEL).asText();
        if (!TYPES.contains(type)) {
            problems.add("label " + TYPE_LABEL + " is '" + type + "', not one of " + TYPES);
        }
        JsonNode definition = kamelet.path("spec").path("definition");
        for (String field : List.of("title", "description")) {
            if (definition.path(field).asText().isBlank()) {
                problems.add("spec.definition has no " + field);
            }
        }
        JsonNode properties = definition.path("properties");
        properties.fieldNames().forEachRemaining(property -> {
            JsonNode schema = properties.path(property);
            for (String field : List.of("title", "description", "type")) {
                if (schema.path(field).asText().isBlank()) {
                    problems.add("property " + property + " has no " + field);
                }
            }
            boolean credential = false;
            for (JsonNode descriptor : schema.path("x-descriptors")) {
                credential |= CREDENTIALS.equals(descriptor.asText());
            }
            if ("password".equals(schema.path("format").asText()) && !credential) {
                problems.add("property " + property + " is a password not marked " + CREDENTIALS);
            }
        });
        for (JsonNode required : definition.path("required")) {
            if (!properties.has(required.asText())) {
                problems.add("required property " + required.asText() + " is not defined");
            }
        }
        Set<String> beans = new java.util.HashSet<>();
        kamelet.path("spec").path("template").path("beans").forEach(bean -> beans.add(bean.path("name").asText()));
        Matcher used = PLACEHOLDER.matcher(kamelet.path("spec").path("template").toString());
        while (used.find()) {
            String property = used.group(1);
            if (!properties.has(property) && !GIVEN_BY_CAMEL.contains(property) && !beans.contains(property)) {
                problems.add("the template uses {{" + property + "}}, which is not defined");
            }
        }
        return problems;
    }
}
