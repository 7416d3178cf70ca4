package io.github.camelelevateai.routes;

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

    private final ElevateAiMetrics.Count declared;
    private final ElevateAiMetrics.Count duplicates;
    private final CountsByReason setAside;
    private final CountsByReason redeliveries;

    ChatMeters(ElevateAiMetrics metrics) {
        this.setAside = new CountsByReason(metrics, SET_ASIDE, "Chats set aside with a reason, by the kind of reason");
        this.redeliveries = new CountsByReason(metrics, REDELIVERIES,
                "Declares the route tried again, by the kind of failure");
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
        setAside.increment(kind);
    }

    void redelivered(String kind) {
        redeliveries.increment(kind);
    }
}
