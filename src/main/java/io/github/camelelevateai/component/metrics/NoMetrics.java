package io.github.camelelevateai.component.metrics;

import io.github.camelelevateai.component.client.RequestObserver;

/** Records nothing: no MeterRegistry in Camel's registry, or no Micrometer on the classpath. */
enum NoMetrics implements ElevateAiMetrics {
    INSTANCE;

    private static final Count NOTHING = () -> {
    };

    @Override
    public RequestObserver requests(String operation) {
        return RequestObserver.NONE;
    }

    @Override
    public Count counter(String name, String description, String... tags) {
        return NOTHING;
    }
}
