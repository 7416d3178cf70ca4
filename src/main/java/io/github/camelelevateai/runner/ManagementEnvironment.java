package io.github.camelelevateai.runner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health and metrics on a management port when {@code ELEVATEAI_MANAGEMENT_PORT} asks for it, through camel-main's own
 * embedded management server: {@code /observe/health} (Camel's health checks, the producers' among them) and
 * {@code /observe/metrics} (Prometheus text from camel-main's Micrometer registry, the component's and the routes'
 * meters among Camel's). The settings are camel-main's {@code camel.management.*}, {@code camel.metrics.*} and
 * {@code camel.health.*}, given as initial properties: the same properties in application.properties, the
 * environment or the JVM's system properties win over them.
 */
final class ManagementEnvironment {

    static final String PORT_VARIABLE = "ELEVATEAI_MANAGEMENT_PORT";
    static final String HOST_VARIABLE = "ELEVATEAI_MANAGEMENT_HOST";

    private ManagementEnvironment() {
    }

    /**
     * The camel-main properties to start from. Producer health checks are on whether or not the port is asked for:
     * they send nothing until someone asks for health, and a user who turns on camel.management.* alone gets them.
     *
     * @throws IllegalArgumentException for a port that is not a number from 0 to 65535
     */
    static Map<String, String> properties(Map<String, String> environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.health.producersEnabled", "true");
        String port = environment.get(PORT_VARIABLE);
        if (port == null || port.isBlank()) {
            return properties;
        }
        int number;
        try {
            number = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65_535) {
            throw new IllegalArgumentException("The environment variable " + PORT_VARIABLE + " is '" + port
                    + "', not a port number (0 to 65535) to serve health and metrics on");
        }
        properties.put("camel.management.enabled", "true");
        properties.put("camel.management.port", String.valueOf(number));
        String host = environment.get(HOST_VARIABLE);
        if (host != null && !host.isBlank()) {
            properties.put("camel.management.host", host.strip());
        }
        properties.put("camel.management.healthCheckEnabled", "true");
        properties.put("camel.management.metricsEnabled", "true");
        properties.put("camel.metrics.enabled", "true");
        return properties;
    }
}
