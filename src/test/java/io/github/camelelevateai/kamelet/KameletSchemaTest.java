package io.github.camelelevateai.kamelet;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Kamelet in kamelets/ against the Kamelet custom resource's schema (Camel K's CRD, camel-k-crds 2.4.0), its
 * template against Camel's YAML DSL schema (camel-yaml-dsl), the conventions Camel's own Kamelets keep, and Camel's
 * own reading of it as a route template. Camel's 248 Kamelets (camel-kamelets 4.18.0) pass the same checks, so the
 * checks ask nothing Camel does not.
 */
class KameletSchemaTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");
    private static KameletCrdSchema crd;
    private static JsonSchema yamlDsl;

    @BeforeAll
    static void loadSchemas() throws IOException {
        crd = new KameletCrdSchema();
        try (InputStream in = KameletSchemaTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema on the classpath").isNotNull();
            yamlDsl = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static List<String> kamelets() {
        return Kamelets.names();
    }

    @Test
    void kameletsHoldTheSinkAndTheAction() {
        assertThat(kamelets()).containsExactly(Kamelets.SINK, Kamelets.ACTION);
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void followsTheKameletCustomResourceSchema(String name) {
        JsonNode kamelet = Kamelets.read(name);

        assertThat(crd.validate(kamelet)).as(name).isEmpty();
        assertThat(kamelet.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
        assertThat(kamelet.path("kind").asText()).isEqualTo("Kamelet");
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void itsTemplateFollowsCamelsYamlDslSchema(String name) {
        assertThat(templateProblems(Kamelets.read(name))).as(name).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void keepsTheConventionsOfCamelsKamelets(String name) {
        JsonNode kamelet = Kamelets.read(name);

        assertThat(KameletConventions.problems(name + Kamelets.SUFFIX, kamelet)).isEmpty();
        assertThat(name).endsWith("-" + kamelet.path("metadata").path("labels").path(KameletConventions.TYPE_LABEL)
                .asText());
        JsonNode token = kamelet.path("spec").path("definition").path("properties").path("apiToken");
        assertThat(token.path("format").asText()).isEqualTo("password");
        assertThat(token.path("x-descriptors").toString()).contains(KameletConventions.CREDENTIALS);
    }

    /** Camel K and Camel JBang fetch what dependencies names: this very jar, at the version being built. */
    @ParameterizedTest
    @MethodSource("kamelets")
    void dependsOnThisComponentAtTheVersionBeingBuilt(String name) throws IOException {
        List<String> dependencies = new ArrayList<>();
        Kamelets.read(name).path("spec").path("dependencies").forEach(d -> dependencies.add(d.asText()));

        assertThat(dependencies).containsExactly("camel:core", "camel:kamelet",
                "mvn:io.github.camelelevateai:camel-elevateai:" + projectVersion());
    }

    /** Camel's own loader turns the Kamelet into a route template whose parameters are the properties defined. */
    @ParameterizedTest
    @MethodSource("kamelets")
    void camelReadsItAsARouteTemplateWithTheDefinedProperties(String name) throws Exception {
        JsonNode definition = Kamelets.read(name).path("spec").path("definition");
        try (CamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:kamelets/" + name + Kamelets.SUFFIX));
            RouteTemplateDefinition template = context.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteTemplateDefinition(name);

            assertThat(template).as("route template " + name).isNotNull();
            Map<String, RouteTemplateParameterDefinition> parameters = new LinkedHashMap<>();
            template.getTemplateParameters().forEach(parameter -> parameters.put(parameter.getName(), parameter));
            List<String> defined = new ArrayList<>();
            definition.path("properties").fieldNames().forEachRemaining(defined::add);
            assertThat(parameters.keySet()).containsExactlyInAnyOrderElementsOf(defined);
            for (String property : defined) {
                JsonNode schema = definition.path("properties").path(property);
                RouteTemplateParameterDefinition parameter = parameters.get(property);
                assertThat(parameter.getDefaultValue()).isEqualTo(schema.path("default").textValue());
                boolean required = false;
                for (JsonNode requiredName : definition.path("required")) {
                    required |= property.equals(requiredName.asText());
                }
                assertThat(parameter.isRequired()).as(property + " required").isEqualTo(required);
            }
            assertThat(template.getRoute().getInput().getEndpointUri()).isEqualTo("kamelet:source");
        }
    }

    /**
     * Where Camel's own Kamelets may depart from the checks, pinned so that the list cannot grow unseen: five templates use
     * keys that camel-yaml-dsl 4.18's schema does not define ({@code transform: toType}, kebab-case options), two put a
     * placeholder where the schema wants one of a list of values (a FHIR version), and three
     * Kafka Kamelets leave a password unmarked as a credential.
     */
    private static final Map<String, String> CAMELS_DEPARTURES = Map.of(
            "aws-ddb-sink.kamelet.yaml", "transform: property 'toType'",
            "aws-ddb-streams-source.kamelet.yaml", "transform: property 'toType'",
            "google-sheets-sink.kamelet.yaml", "transform: property 'toType'",
            "earthquake-source.kamelet.yaml", "setBody: property 'exchange-property'",
            "azure-storage-blob-changefeed-source.kamelet.yaml", "property 'module-class-names'",
            "fhir-sink.kamelet.yaml", "fhirJson.fhirVersion: does not have a value in the enumeration",
            "fhir-source.kamelet.yaml", "fhirJson.fhirVersion: does not have a value in the enumeration",
            "kafka-sink.kamelet.yaml", "sslKeyPassword is a password not marked",
            "kafka-source.kamelet.yaml", "sslKeyPassword is a password not marked",
            "kafka-batch-source.kamelet.yaml", "sslKeyPassword is a password not marked");

    @Test
    void camelsOwnKameletsPassTheSameChecks() throws IOException {
        Map<String, JsonNode> camels = camelsKamelets();
        assertThat(camels).as("camel-kamelets on the test classpath").hasSizeGreaterThan(200);

        Map<String, List<String>> problems = new LinkedHashMap<>();
        camels.forEach((file, kamelet) -> {
            List<String> all = new ArrayList<>();
            crd.validate(kamelet).forEach(problem -> all.add(problem.toString()));
            all.addAll(templateProblems(kamelet));
            all.addAll(KameletConventions.problems(file, kamelet));
            if (!all.isEmpty()) {
                problems.put(file, all);
            }
        });
        // a subset, not all: an older line's YAML DSL schema still defines some keys 4.18's dropped (toType on 4.14)
        assertThat(CAMELS_DEPARTURES.keySet()).containsAll(problems.keySet());
        assertThat(problems).hasSizeGreaterThanOrEqualTo(CAMELS_DEPARTURES.size() - 3);
        problems.forEach((file, found) -> assertThat(found).as(file)
                .anyMatch(problem -> problem.contains(CAMELS_DEPARTURES.get(file))));
    }

    @Test
    void aBrokenKameletIsCaught() {
        Map<String, List<?>> broken = new LinkedHashMap<>();
        broken.put("no title", conventions(edit(Kamelets.SINK, k -> definition(k).remove("title"))));
        broken.put("a required property not defined", conventions(edit(Kamelets.SINK,
                k -> ((ArrayNode) definition(k).withArray("required")).add("token"))));
        broken.put("a property without a description", conventions(edit(Kamelets.ACTION,
                k -> ((ObjectNode) definition(k).path("properties").path("baseUrl")).remove("description"))));
        broken.put("the token not marked as a credential", conventions(edit(Kamelets.SINK,
                k -> ((ObjectNode) definition(k).path("properties").path("apiToken")).remove("x-descriptors"))));
        broken.put("the template using a property not defined", conventions(edit(Kamelets.ACTION,
                k -> ((ObjectNode) definition(k).path("properties")).remove("resultFormat"))));
        broken.put("a misspelt field", schema(edit(Kamelets.SINK, k -> definition(k).set("propertys",
                definition(k).path("properties")))));
        broken.put("x-descriptors not a list", schema(edit(Kamelets.SINK, k -> ((ObjectNode) definition(k)
                .path("properties").path("apiToken")).put("x-descriptors", KameletConventions.CREDENTIALS))));
        broken.put("required not a list", schema(edit(Kamelets.ACTION, k -> definition(k).put("required", "operation"))));
        broken.put("dependencies not a list", schema(edit(Kamelets.SINK,
                k -> ((ObjectNode) k.path("spec")).put("dependencies", "camel:kamelet"))));
        broken.put("a misspelt step in the template", templateProblems(edit(Kamelets.SINK, k -> {
            ObjectNode step = (ObjectNode) k.path("spec").path("template").path("from").path("steps").path(0);
            step.set("too", step.remove("to"));
        })));

        assertThat(broken).allSatisfy((what, problems) -> assertThat(problems).as(what).isNotEmpty());
    }

    private static List<String> conventions(JsonNode kamelet) {
        return KameletConventions.problems(kamelet.path("metadata").path("name").asText() + Kamelets.SUFFIX, kamelet);
    }

    private static List<ValidationMessage> schema(JsonNode kamelet) {
        return new ArrayList<>(crd.validate(kamelet));
    }

    private static ObjectNode definition(JsonNode kamelet) {
        return (ObjectNode) kamelet.path("spec").path("definition");
    }

    private static JsonNode edit(String name, java.util.function.Consumer<JsonNode> change) {
        JsonNode kamelet = Kamelets.read(name);
        change.accept(kamelet);
        return kamelet;
    }

    /**
     * The template as the routes file it stands for: its beans, and a route from its {@code from} (or its route). A
     * {{placeholder}} where the schema wants a number or a boolean is resolved when the Kamelet is used, so let through.
     */
    private static List<String> templateProblems(JsonNode kamelet) {
        JsonNode template = kamelet.path("spec").path("template");
        ArrayNode routes = JsonNodeFactory.instance.arrayNode();
        if (template.has("beans")) {
            routes.addObject().set("beans", template.path("beans"));
        }
        if (template.has("route")) {
            routes.addObject().set("route", template.path("route"));
        } else {
            routes.addObject().putObject("route").set("from", template.path("from"));
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage problem : yamlDsl.validate(routes)) {
            JsonNode value = problem.getInstanceNode();
            boolean placeholder = "type".equals(problem.getType()) && value != null && value.isTextual()
                                  && PLACEHOLDER.matcher(value.textValue()).matches();
            if (!placeholder) {
                problems.add(problem.toString());
            }
        }
        return problems;
    }

    private static Map<String, JsonNode> camelsKamelets() throws IOException {
        URL telegram = KameletSchemaTest.class.getClassLoader().getResource("kamelets/telegram-sink.kamelet.yaml");
        assertThat(telegram).as("camel-kamelets on the test classpath").isNotNull();
        Map<String, JsonNode> kamelets = new LinkedHashMap<>();
        JarURLConnection connection = (JarURLConnection) telegram.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().startsWith("kamelets/") && entry.getName().endsWith(Kamelets.SUFFIX)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        kamelets.put(entry.getName().substring("kamelets/".length()), Kamelets.YAML.readTree(in));
                    }
                }
            }
        }
        return kamelets;
    }

    /** Given by the build: {@code ${revision}${changelist}}, which the Camel line's profile sets. */
    private static String projectVersion() {
        String version = System.getProperty("elevateai.project.version", "");
        assertThat(version).as("the version being built, set by Maven (elevateai.project.version)").isNotBlank()
                .doesNotContain("${");
        return version;
    }
}
