package io.github.camelelevateai.component.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.client.RequestObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/** The metrics in a Micrometer registry: the only class that names Micrometer's types. */
final class MicrometerMetrics implements ElevateAiMetrics {

    /** The name camel-micrometer and camel-main's metrics bind their registry under. */
    static final String REGISTRY_NAME = "metricsRegistry";
    /** The statuses the API documents, tagged as they are; any other by its class (2xx, 4xx, ...). */
    private static final Set<Integer> DOCUMENTED_STATUSES = Set.of(200, 201, 204, 400, 401, 403, 404, 408, 409, 413,
            422, 429, 500, 502, 503, 504);
    private static final String NO_ANSWER = "none";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(API_REQUESTS_IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Requests sent to the ElevateAI API and not answered yet")
                .register(registry);
    }

    static ElevateAiMetrics lookup(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        }
        return registry == null ? NoMetrics.INSTANCE : new MicrometerMetrics(registry);
    }

    @Override
    public RequestObserver requests(String operation) {
        return new TimedRequests(operation);
    }

    @Override
    public Count counter(String name, String description, String... tags) {
        Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
        return counter::increment;
    }

    static String statusTag(int status) {
        if (DOCUMENTED_STATUSES.contains(status)) {
            return String.valueOf(status);
        }
        return status >= 100 && status < 600 ? status / 100 + "xx" : "other";
    }

    /** The requests of one operation: a timer per status, found once each. */
    private final class TimedRequests implements RequestObserver {

        private final String operation;
        private final Map<String, Timer> byStatus = new ConcurrentHashMap<>();
        private final Map<String, Counter> retriesByReason = new ConcurrentHashMap<>();

        TimedRequests(String operation) {
            this.operation = operation;
        }

        @Override
        public Sending sending() {
            Timer.Sample sample = Timer.start(registry);
            inFlight.incrementAndGet();
            return new Sending() {
                @Override
                public void answered(int status) {
                    end(statusTag(status));
                }

                @Override
                public void unanswered() {
                    end(NO_ANSWER);
                }

                private void end(String status) {
                    inFlight.decrementAndGet();
                    sample.stop(byStatus.computeIfAbsent(status, tag -> Timer.builder(API_REQUESTS)
                            .description("Requests sent to the ElevateAI API, by operation and HTTP status (none: no"
                                         + " answer came)")
                            .tags("operation", operation, "status", tag)
                            .register(registry)));
                }
            };
        }

        @Override
        public void retrying(ElevateAiException failure) {
            retriesByReason.computeIfAbsent(FailureKind.of(failure), reason -> Counter.builder(API_RETRIES)
                    .description("Requests the component sent again by itself, by operation and the kind of failure")
                    .tags("operation", operation, "reason", reason)
                    .register(registry)).increment();
        }
    }
}
