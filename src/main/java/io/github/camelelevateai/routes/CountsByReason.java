package io.github.camelelevateai.routes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelelevateai.component.metrics.ElevateAiMetrics;

/** One meter counted by the kind of reason: a counter per kind, made when first counted (the kinds are a fixed set). */
final class CountsByReason {

    private final ElevateAiMetrics metrics;
    private final String name;
    private final String description;
    private final Map<String, ElevateAiMetrics.Count> counts = new ConcurrentHashMap<>();

    CountsByReason(ElevateAiMetrics metrics, String name, String description) {
        this.metrics = metrics;
        this.name = name;
        this.description = description;
    }

    void increment(String kind) {
        counts.computeIfAbsent(kind, reason -> metrics.counter(name, description, "reason", reason)).increment();
    }
}
