package io.github.camelelevateai.routes;

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

    private final ElevateAiMetrics.Count analysed;
    private final ElevateAiMetrics.Count deleted;
    private final CountsByReason setAside;

    AnalysisMeters(ElevateAiMetrics metrics) {
        this.setAside = new CountsByReason(metrics, SET_ASIDE,
                "Analyses set aside with a reason, by the kind of reason");
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
        setAside.increment(kind);
    }
}
