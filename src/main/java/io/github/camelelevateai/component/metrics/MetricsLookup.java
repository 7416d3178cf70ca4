package io.github.camelelevateai.component.metrics;

import org.apache.camel.CamelContext;

/**
 * Finds the metrics of a Camel context once and keeps them with the context, so that the component and the routes
 * share one set of meters (one in-flight gauge). Micrometer's classes are loaded only when Micrometer is on the
 * classpath: {@link MicrometerMetrics} is the one class that names them.
 */
final class MetricsLookup {

    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final Object LOCK = new Object();

    private MetricsLookup() {
    }

    static ElevateAiMetrics of(CamelContext context) {
        ElevateAiMetrics known = context.getCamelContextExtension().getContextPlugin(ElevateAiMetrics.class);
        if (known != null) {
            return known;
        }
        synchronized (LOCK) {
            known = context.getCamelContextExtension().getContextPlugin(ElevateAiMetrics.class);
            if (known == null) {
                known = micrometerPresent() ? MicrometerMetrics.lookup(context) : NoMetrics.INSTANCE;
                context.getCamelContextExtension().addContextPlugin(ElevateAiMetrics.class, known);
            }
            return known;
        }
    }

    static boolean micrometerPresent() {
        try {
            Class.forName(METER_REGISTRY, false, MetricsLookup.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
