package io.github.camelelevateai.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ against the JSON schema that ships with Camel's YAML DSL (camel-yaml-dsl 4.18). */
class RouteFilesSchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");
    private static JsonSchema schema;

    @BeforeAll
    static void loadCamelsSchema() throws IOException {
        try (InputStream in = RouteFilesSchemaTest.class.getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema on the classpath").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void followsCamelsYamlDslSchema(Path routeFile) throws IOException {
        Set<ValidationMessage> problems = schema.validate(YAML.readTree(routeFile.toFile()));

        assertThat(problems).as(routeFile.toString()).filteredOn(problem -> !isPropertyPlaceholder(problem)).isEmpty();
    }

    /** The schema types numbers as numbers; Camel also takes a {{placeholder}} there, resolved when the route loads. */
    private static boolean isPropertyPlaceholder(ValidationMessage problem) {
        JsonNode value = problem.getInstanceNode();
        return "type".equals(problem.getType()) && value != null && value.isTextual()
               && PLACEHOLDER.matcher(value.textValue()).matches();
    }

    @Test
    void aPlaceholderIsTheOnlyStringLetThroughWhereANumberBelongs() throws IOException {
        JsonNode wrong = YAML.readTree("- route:\n    from:\n      uri: direct:a\n      steps:\n"
                                       + "        - threads:\n            poolSize: eight\n");

        assertThat(schema.validate(wrong)).filteredOn(problem -> !isPropertyPlaceholder(problem)).isNotEmpty();
    }

    @Test
    void theSchemaCatchesAKebabCaseKey() throws IOException {
        JsonNode wrong = YAML.readTree("- route:\n    route-configuration-id: x\n    from:\n      uri: direct:a\n"
                                       + "      steps:\n        - to: log:a\n");

        assertThat(schema.validate(wrong)).isNotEmpty();
    }

    @Test
    void routesHoldEveryRouteOfTheIssue() throws IOException {
        assertThat(routeFiles()).map(file -> file.getFileName().toString())
                .contains("elevateai-declare.yaml", "file-to-elevateai.yaml", "jms-to-elevateai.yaml",
                        "sftp-to-elevateai.yaml");
    }
}
