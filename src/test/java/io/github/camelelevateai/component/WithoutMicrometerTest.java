package io.github.camelelevateai.component;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.camelelevateai.sandbox.ElevateAiSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer is an optional dependency: in a JVM whose classpath lacks it, the component declares a chat, calls the
 * API about it and answers its health check, loading nothing of Micrometer.
 */
class WithoutMicrometerTest {

    @Test
    void theComponentWorksWithoutMicrometerOnTheClasspath() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("micrometer"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classpath).isNotEqualTo(System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", classpath, WithoutMicrometerTest.class.getName())
                .redirectErrorStream(true).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("micrometer absent", "declared ", "status processed", "health UP");
    }

    /** The other JVM: a Camel context with the component, against a sandbox of its own. */
    public static void main(String[] args) throws Exception {
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            System.out.println("micrometer present");
            System.exit(3);
        } catch (ClassNotFoundException expected) {
            System.out.println("micrometer absent");
        }
        try (ElevateAiSandbox sandbox = ElevateAiSandbox.start(); CamelContext context = new DefaultCamelContext()) {
            sandbox.processingTime(java.time.Duration.ZERO);
            ElevateAiComponent component = new ElevateAiComponent();
            component.getConfiguration().setBaseUrl(sandbox.baseUrl());
            component.getConfiguration().setApiToken(sandbox.apiToken());
            context.addComponent("elevateai", component);
            HealthCheckRegistry registry = HealthCheckRegistry.get(context);
            HealthCheckRepository producers = (HealthCheckRepository) registry.resolveById("producers");
            producers.setEnabled(true);
            registry.register(producers);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:declare").to("elevateai:declareChat");
                    from("direct:status").to("elevateai:getStatus");
                }
            });
            context.start();
            String id = context.createProducerTemplate().requestBody("direct:declare",
                    ElevateAiTestSupport.chatJson(), String.class);
            System.out.println("declared " + id);
            Object status = context.createProducerTemplate().requestBodyAndHeader("direct:status", null,
                    ElevateAiConstants.INTERACTION_IDENTIFIER, id, Object.class);
            System.out.println("status " + ((io.github.camelelevateai.component.model.InteractionStatus) status)
                    .status());
            HealthCheck.Result health = HealthCheckHelper.getHealthCheck(context, "producer:elevateai-declareChat")
                    .call();
            System.out.println("health " + health.getState());
        }
        System.exit(0);
    }
}
