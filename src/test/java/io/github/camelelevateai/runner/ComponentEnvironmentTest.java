package io.github.camelelevateai.runner;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CAMEL_COMPONENT_ELEVATEAI_* variables name the component's options as camel-main spells them, or stop the runner. */
class ComponentEnvironmentTest {

    @Test
    void aVariableNamesItsOptionInEitherSpellingAndOthersAreLeftAlone() {
        Map<String, String> options = ComponentEnvironment.options(Map.of(
                "CAMEL_COMPONENT_ELEVATEAI_LANGUAGETAG", "es-419",
                "CAMEL_COMPONENT_ELEVATEAI_CONNECTION_IDLE_TIMEOUT", "5000",
                "CAMEL_COMPONENT_KAFKA_BROKERS", "elsewhere:9092",
                "PATH", "/bin"), new Properties());

        assertThat(options).containsExactlyInAnyOrderEntriesOf(Map.of(
                "camel.component.elevateai.languageTag", "es-419",
                "camel.component.elevateai.connectionIdleTimeout", "5000"));
    }

    @Test
    void aJvmSystemPropertyOfTheSameOptionWinsAsCamelDocuments() {
        Properties system = new Properties();
        system.setProperty("camel.component.elevateai.languageTag", "en");

        assertThat(ComponentEnvironment.options(Map.of("CAMEL_COMPONENT_ELEVATEAI_LANGUAGETAG", "es-419"), system))
                .isEmpty();
    }

    @Test
    void aVariableThatNamesNoOptionStopsTheRunnerNamingIt() {
        assertThatThrownBy(() -> ComponentEnvironment.options(Map.of("CAMEL_COMPONENT_ELEVATEAI_LANGUAGE", "en"),
                new Properties()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CAMEL_COMPONENT_ELEVATEAI_LANGUAGE names no option")
                .hasMessageContaining("languageTag");
    }
}
