package io.github.camelelevateai.routes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelelevateai.component.metrics.ElevateAiMetrics;

/**
 * What the declaring route counts, in the metrics of its Camel context ({@link ElevateAiMetrics}): the chats
 * declared, the duplicates acknowledged without a request, the chats set aside by the kind of their reason, and the
 * route's redeliveries by the kind of failure. No tag names a chat.
 */
final class ChatMeters {

    static final String DECLARED = "elevateai.chats.declared";
    static final String DUPLICATES = "elevateai.chats.duplicates";
    static final String SET_ASIDE = "elevateai.chats.set.aside";
    static final String REDELIVERIES = "elevateai.chats.redeliveries";

    private final ElevateAiMetrics metrics;
    private final ElevateAiMetrics.Count declared;
    private final ElevateAiMetrics.Count duplicates;
    private final Map<String, ElevateAiMetrics.Count> setAside = new ConcurrentHashMap<>();
    private final Map<String, ElevateAiMetrics.Count> redeliveries = new ConcurrentHashMap<>();

    ChatMeters(ElevateAiMetrics metrics) {
        this.metrics = metrics;
        this.declared = metrics.counter(DECLARED, "Chats declared to ElevateAI");
        this.duplicates = metrics.counter(DUPLICATES, "Chats declared before, acknowledged without a request");
    }

    void declared() {
        declared.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void setAside(String kind) {
        setAside.computeIfAbsent(kind, reason -> metrics.counter(SET_ASIDE,
                "Chats set aside with a reason, by the kind of reason", "reason", reason)).increment();
    }

    void redelivered(String kind) {
        redeliveries.computeIfAbsent(kind, reason -> metrics.counter(REDELIVERIES,
                "Declares the route tried again, by the kind of failure", "reason", reason)).increment();
    }
}
