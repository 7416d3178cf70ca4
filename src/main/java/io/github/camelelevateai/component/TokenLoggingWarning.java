package io.github.camelelevateai.component;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel itself prints property values (while resolving placeholders) and raw endpoint URIs (while resolving endpoints)
 * at DEBUG, whatever their names, so a token given as the {@code apiToken} option shows there. The component cannot
 * stop that; it says so once, at start, when one of those loggers is on. A token read from the environment variable by
 * the component never passes through Camel, so it needs no warning.
 */
final class TokenLoggingWarning {

    static final List<String> CAMEL_LOGGERS_PRINTING_VALUES = List.of(
            "org.apache.camel.main.BaseMainSupport",
            "org.apache.camel.main.MainHelper",
            "org.apache.camel.component.properties.DefaultPropertiesParser",
            "org.apache.camel.component.properties.PropertiesComponent",
            "org.apache.camel.impl.engine.DefaultCamelContextExtension",
            "org.apache.camel.impl.engine.AbstractCamelContext",
            "org.apache.camel.support.EndpointHelper",
            "org.apache.camel.support.DefaultComponent");

    private static final Logger LOG = LoggerFactory.getLogger(ElevateAiComponent.class);

    private final AtomicBoolean warned = new AtomicBoolean();

    /** Warns once, when the token is an option and a logger that can print it is at DEBUG. */
    void tokenGivenAsOption() {
        List<String> on = CAMEL_LOGGERS_PRINTING_VALUES.stream()
                .filter(name -> LoggerFactory.getLogger(name).isDebugEnabled())
                .toList();
        // Camel 4.14 cannot be told that apiToken is secret: camel-main's start summary prints it at INFO there
        boolean summaryPrintsIt = !SensitiveKeyword.supported()
                                  && LoggerFactory.getLogger(CAMEL_LOGGERS_PRINTING_VALUES.get(0)).isInfoEnabled();
        if ((!on.isEmpty() || summaryPrintsIt) && warned.compareAndSet(false, true)) {
            if (!on.isEmpty()) {
                LOG.warn("elevateai: the API token is given as the apiToken option, and Camel prints property values and"
                        + " endpoint URIs, the token among them, at DEBUG in {}. Set those loggers to INFO, or leave"
                        + " apiToken unset and give the token in the {} environment variable, which Camel never sees.",
                        String.join(", ", on), ElevateAiConfiguration.API_TOKEN_VARIABLE);
            }
            if (summaryPrintsIt) {
                LOG.warn("elevateai: the API token is given as the apiToken option, and this Camel (before 4.15) cannot"
                        + " be told it is a secret: camel-main prints it in its start summary at INFO. Set"
                        + " camel.main.autoConfigurationLogSummary=false, or leave apiToken unset and give the token in"
                        + " the {} environment variable, which Camel never sees.", ElevateAiConfiguration.API_TOKEN_VARIABLE);
            }
        }
    }
}
