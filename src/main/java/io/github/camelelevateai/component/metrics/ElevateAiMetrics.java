package io.github.camelelevateai.component.metrics;

import io.github.camelelevateai.component.client.RequestObserver;
import org.apache.camel.CamelContext;

/**
 * What the component and the ready-made routes count, recorded in the Micrometer {@code MeterRegistry} found in
 * Camel's registry (the one camel-micrometer binds as {@code metricsRegistry}, or the only one bound): the one
 * camel-main's {@code camel.metrics.enabled=true} creates and serves in Prometheus format. With no registry, or no
 * Micrometer on the classpath, nothing is recorded and nothing of Micrometer is loaded.
 * <p>
 * Tags take values from small fixed sets only (an operation, an HTTP status, a kind of reason): never a chat's
 * content, a source name, an interaction identifier or the token.
 */
public interface ElevateAiMetrics {

    /** {@code elevateai.api.requests}: a timer of each request sent, by {@code operation} and {@code status}. */
    String API_REQUESTS = "elevateai.api.requests";
    /** {@code elevateai.api.requests.in.flight}: a gauge of the requests sent and not yet answered. */
    String API_REQUESTS_IN_FLIGHT = "elevateai.api.requests.in.flight";
    /** {@code elevateai.api.retries}: the component's own retries, by {@code operation} and {@code reason}. */
    String API_RETRIES = "elevateai.api.retries";

    /** The observer of the requests sent for one operation (its name is the {@code operation} tag). */
    RequestObserver requests(String operation);

    /**
     * A counter, there at zero from this call on.
     *
     * @param tags key, value, key, value...: values from a small fixed set only
     */
    Count counter(String name, String description, String... tags);

    /** One counter. */
    interface Count {
        void increment();
    }

    /**
     * The metrics of this Camel context: looked up once, when first asked, so ask once the context has started (a
     * producer's start, an exchange).
     */
    static ElevateAiMetrics of(CamelContext context) {
        return MetricsLookup.of(context);
    }
}
