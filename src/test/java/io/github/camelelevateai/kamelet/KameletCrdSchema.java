package io.github.camelelevateai.kamelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The schema of the Kamelet custom resource, {@code camel.apache.org/v1}, as Camel K publishes it
 * (camel.apache.org_kamelets.yaml in org.apache.camel.k:camel-k-crds), applied as Kubernetes applies it with strict
 * field validation ({@code kubectl apply}'s default): a field the schema does not name is an error, except below
 * {@code x-kubernetes-preserve-unknown-fields}. Without that, JSON Schema would let a misspelt field through.
 */
final class KameletCrdSchema {

    private static final String CRD = "camel.apache.org_kamelets.yaml";

    private final JsonSchema schema;

    KameletCrdSchema() {
        try (InputStream in = KameletCrdSchema.class.getClassLoader().getResourceAsStream(CRD)) {
            if (in == null) {
                throw new AssertionError(CRD + " (camel-k-crds) is not on the test classpath");
            }
            JsonNode crd = Kamelets.YAML.readTree(in);
            JsonNode openApi = null;
            for (JsonNode version : crd.path("spec").path("versions")) {
                if ("v1".equals(version.path("name").asText())) {
                    openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
                }
            }
            if (openApi == null || !openApi.has("properties")) {
                throw new AssertionError(CRD + " has no v1 schema");
            }
            strictFields(openApi);
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Set<ValidationMessage> validate(JsonNode kamelet) {
        JsonNode copy = kamelet.deepCopy();
        pruneNulls(copy);
        return schema.validate(copy);
    }

    /** The API server drops a null field before validating, unless its schema says nullable (none here does). */
    private static void pruneNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getValue().isNull());
        }
        node.forEach(KameletCrdSchema::pruneNulls);
    }

    /** Walks schemas only (a property map's keys are names, not keywords). */
    private static void strictFields(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode properties = object.path("properties");
        if (properties.isObject() && !object.has("additionalProperties")
            && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        properties.forEach(KameletCrdSchema::strictFields);
        strictFields(object.path("additionalProperties"));
        strictFields(object.path("items"));
        for (String combination : new String[] { "allOf", "anyOf", "oneOf" }) {
            object.path(combination).forEach(KameletCrdSchema::strictFields);
        }
    }
}
