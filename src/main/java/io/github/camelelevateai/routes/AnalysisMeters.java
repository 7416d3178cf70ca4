package io.github.camelelevateai.routes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.camelelevateai.component.metrics.ElevateAiMetrics;

/**
 * What the results route counts, in the metrics of its Camel context ({@link ElevateAiMetrics}): the analyses
 * delivered, the chats whose analysis was set aside by the kind of reason, and the interactions deleted after their
 * analysis. No tag names a chat or an interaction.
 */
final class AnalysisMeters {

    static final String ANALYSED = "elevateai.analyses.analysed";
    static final String SET_ASIDE = "elevateai.analyses.set.aside";
    static final String DELETED = "elevateai.interactions.deleted";

    private final ElevateAiMetrics metrics;
    private final ElevateAiMetrics.Count analysed;
    private final ElevateAiMetrics.Count deleted;
    private final Map<String, ElevateAiMetrics.Count> setAside = new ConcurrentHashMap<>();

    AnalysisMeters(ElevateAiMetrics metrics) {
        this.metrics = metrics;
        this.analysed = metrics.counter(ANALYSED, "Analyses of declared chats delivered");
        this.deleted = metrics.counter(DELETED, "Interactions deleted at ElevateAI after their analysis");
    }

    void analysed() {
        analysed.increment();
    }

    void deleted() {
        deleted.increment();
    }

    void setAside(String kind) {
        setAside.computeIfAbsent(kind, reason -> metrics.counter(SET_ASIDE,
                "Analyses set aside with a reason, by the kind of reason", "reason", reason)).increment();
    }
}
