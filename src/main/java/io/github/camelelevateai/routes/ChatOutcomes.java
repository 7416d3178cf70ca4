package io.github.camelelevateai.routes;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.metrics.ElevateAiMetrics;
import io.github.camelelevateai.component.metrics.FailureKind;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.routes.store.DeclareRecord;
import io.github.camelelevateai.routes.store.DeclareStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of each chat's declare state in the shared declaring route ({@code routes/elevateai-declare.yaml}):
 * it claims the chat before its declare, records the result, the unknown outcome or the release after it, decides
 * whether a failure may be redelivered, and says what became of the chat: the result a source route writes, the reason
 * it sets a chat aside with, a log line per chat, the counts for a summary and the same counts as metrics
 * ({@link ChatMeters}, when Camel's registry holds a Micrometer registry). The source routes read the outcome from
 * the exchange property {@link #OUTCOME} and acknowledge it in their own way.
 */
public class ChatOutcomes {

    /** Exchange property a source route sets: where the chat came from (file name, message id), for results and logs. */
    public static final String SOURCE = "elevateaiSource";
    /** Exchange property: {@code declared}, {@code duplicate} or {@code setAside}. */
    public static final String OUTCOME = "elevateaiOutcome";
    /**
     * Exchange property, true when the body is the chat's result: after its declare, or for a chat declared before
     * whose result the store kept (a redelivered message whose result was lost, a file put back after a crash).
     */
    public static final String HAS_RESULT = "elevateaiHasResult";
    /** Exchange property: why a chat was set aside, in words a person can act on. */
    public static final String REASON = "elevateaiReason";
    /** Exchange property: true when this exchange holds the chat's claim, so that it alone ends it. */
    public static final String CLAIMED = "elevateaiClaimed";
    /** Exchange property: the interaction identifier, whenever one is known (declared, or set aside after a declare). */
    public static final String INTERACTION_IDENTIFIER = "elevateaiInteractionIdentifier";

    /** Exchange property: how many times the route redelivered the chat's declare (or its wait for a twin). */
    static final String REDELIVERIES = "elevateaiRedeliveries";

    public static final String DECLARED = "declared";
    public static final String DUPLICATE = "duplicate";
    public static final String SET_ASIDE = "setAside";

    private static final Logger LOG = LoggerFactory.getLogger("io.github.camelelevateai.routes");

    private final DeclareStore store;
    private final int maxRedeliveries;
    private final long maxRedeliveryDelayMillis;
    private final boolean sandbox;
    private final LongAdder declared = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder setAside = new LongAdder();
    /** Found at the first chat, once the context runs and its metrics registry, if any, is bound. */
    private volatile ChatMeters meters;

    /**
     * @param maxRedeliveries          how many times a failure that declared nothing is redelivered at most
     * @param maxRedeliveryDelayMillis the longest wait before a redelivery, a 429's Retry-After included
     * @param sandbox                  the chats go to a sandbox, not to ElevateAI: every result says so
     */
    public ChatOutcomes(DeclareStore store, int maxRedeliveries, long maxRedeliveryDelayMillis, boolean sandbox) {
        this.store = store;
        this.maxRedeliveries = maxRedeliveries;
        this.maxRedeliveryDelayMillis = maxRedeliveryDelayMillis;
        this.sandbox = sandbox;
    }

    /** Before the declare: {@link #CLAIMED} tells whether this exchange won the chat, or found it claimed before. */
    public void claim(Exchange exchange) {
        exchange.setProperty(CLAIMED, store.claim(digest(exchange)));
    }

    /**
     * The route's redelivery asks this after every failed attempt ({@code retryWhile}), with that attempt's failure:
     * the decision is made afresh each time and never inherited from an earlier attempt. Only a failure that declared
     * nothing, of an exchange none of whose attempts may have declared the chat, is tried again, within the bound.
     */
    public boolean retryable(Exchange exchange) {
        // Camel asks with the attempt's failure moved aside to EXCEPTION_CAUGHT, and the redelivery already counted
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        if (maybeDeclared(exchange) || !SetAsideReason.isRetryable(failure) || redelivery > maxRedeliveries
            || stopping(exchange)) {
            return false;
        }
        exchange.setProperty(REDELIVERIES, redelivery);
        meters(exchange).redelivered(failure instanceof ChatBeingDeclaredException ? "identicalBeingDeclared"
                : FailureKind.of(failure));
        Long asked = exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class);
        if (asked != null && asked > maxRedeliveryDelayMillis) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, maxRedeliveryDelayMillis);
        }
        return true;
    }

    /** After a declare: the body becomes {@code {"interactionIdentifier", "source", "declaredAt"}}. */
    public void declared(Exchange exchange) throws JsonProcessingException {
        String identifier = exchange.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, String.class);
        exchange.setProperty(INTERACTION_IDENTIFIER, identifier);
        ObjectNode result = Json.MAPPER.createObjectNode()
                .put("interactionIdentifier", identifier)
                .put("source", source(exchange))
                .put("declaredAt", Instant.now().toString());
        if (sandbox) {
            result.put("sandbox", true);
        }
        // written once, on one line: the same text is the body and what the store keeps for a later duplicate
        String text = Json.MAPPER.writeValueAsString(result);
        String digest = digest(exchange);
        try {
            store.declared(digest, text);
        } catch (RuntimeException storeFailure) {
            notRecorded(exchange, identifier, storeFailure);
            return;
        }
        exchange.getMessage().setBody(text);
        exchange.setProperty(HAS_RESULT, true);
        exchange.setProperty(OUTCOME, DECLARED);
        declared.increment();
        meters(exchange).declared();
        LOG.info("declared {} as {}", Quoted.escape(source(exchange)), identifier);
    }

    /** Declared, but the store failed: the chat is set aside with its identifier, and stays claimed if it can. */
    private void notRecorded(Exchange exchange, String identifier, RuntimeException storeFailure)
            throws JsonProcessingException {
        String digest = digest(exchange);
        try {
            store.outcomeUnknown(digest);
        } catch (RuntimeException alsoFailed) {
            storeFailure.addSuppressed(alsoFailed);
        }
        markSetAside(exchange, "notRecorded",
                SetAsideReason.notRecorded(identifier, storeFailure, store.howToRelease(digest)));
        LOG.debug("could not record the result of {}", Quoted.escape(source(exchange)), storeFailure);
    }

    /**
     * A chat claimed before, so nothing is sent. The body becomes the result of the chat's one declare, naming this
     * copy's source, when the store kept it, or else {@code {"source", "outcome": "duplicate"}}. Set aside instead: a
     * chat whose earlier declare ended with an unknown outcome, since acknowledging it as done would claim a declare
     * that may never have happened; and a copy whose first copy was set aside, with nothing declared, while this one
     * waited.
     *
     * @throws ChatBeingDeclaredException while an identical copy is being declared: the route redelivers this one
     */
    public void duplicate(Exchange exchange) throws JsonProcessingException {
        String digest = digest(exchange);
        DeclareRecord record = store.read(digest);
        switch (record.state()) {
            case IN_FLIGHT -> throw new ChatBeingDeclaredException("An identical chat is being declared right now: "
                    + Quoted.escape(source(exchange)) + " waits for its outcome");
            case UNKNOWN -> markSetAside(exchange, "earlierOutcomeUnknown", "An earlier declare of this chat ended without a known outcome"
                    + " (no answer came, or the route stopped mid-declare), so whether it was declared is unknown. It will"
                    + " not be sent again automatically. Check in ElevateAI before submitting it again; to allow that, "
                    + store.howToRelease(digest) + ".");
            case ABSENT -> markSetAside(exchange, "identicalSetAside", "An identical copy of this chat, taken at the same time, was set"
                    + " aside with nothing declared while this one waited for it, so this one was not sent either. See"
                    + " that copy's reason, then submit the chat again.");
            case DECLARED -> acknowledgeDuplicate(exchange, record.result());
        }
    }

    /** @param earlier the result of the chat's one declare, or null when the store kept none */
    private void acknowledgeDuplicate(Exchange exchange, String earlier) throws JsonProcessingException {
        if (earlier != null) {
            ObjectNode result = (ObjectNode) Json.MAPPER.readTree(earlier);
            String identifier = result.path("interactionIdentifier").asText();
            result.put("source", source(exchange));
            exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(result));
            exchange.setProperty(HAS_RESULT, true);
            exchange.setProperty(INTERACTION_IDENTIFIER, identifier);
            LOG.info("already declared {} as {}: the same chat was declared earlier, so it is not declared again",
                    Quoted.escape(source(exchange)), identifier);
        } else {
            exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
                    .put("source", source(exchange)).put("outcome", DUPLICATE)));
            LOG.info("already declared {}: the same chat was declared earlier, so it is not declared again",
                    Quoted.escape(source(exchange)));
        }
        exchange.setProperty(OUTCOME, DUPLICATE);
        duplicates.increment();
        meters(exchange).duplicate();
    }

    /**
     * From the route's error handling, after any redeliveries: the chat is set aside with a reason. A claim this
     * exchange holds ends here: released when no attempt may have declared the chat, so it can be sent again once
     * fixed; kept as an unknown outcome otherwise, never declared again automatically. The body becomes
     * {@code {"source", "outcome": "setAside", "reason"}}.
     */
    public void setAside(Exchange exchange) throws JsonProcessingException {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int redeliveries = exchange.getProperty(REDELIVERIES, 0, Integer.class);
        String digest = digest(exchange);
        boolean claimedHere = exchange.getProperty(CLAIMED, false, Boolean.class);
        boolean maybeDeclared = maybeDeclared(exchange);
        SetAsideReason.Reason why = SetAsideReason.of(failure, maybeDeclared, redeliveries, stopping(exchange),
                claimedHere ? store.howToRelease(digest) : null);
        String reason = why.text();
        if (claimedHere) {
            try {
                if (maybeDeclared) {
                    store.outcomeUnknown(digest);
                } else {
                    store.released(digest);
                }
            } catch (RuntimeException storeFailure) {
                reason += " (The de-duplication store could not record this: " + storeFailure.getMessage() + ".)";
            }
        }
        markSetAside(exchange, why.kind(), reason);
        if (!(failure instanceof ElevateAiException) && !(failure instanceof ChatBeingDeclaredException)) {
            // the reason names an unforeseen failure; its stack trace is for whoever looks into it
            LOG.debug("set aside {} after an unforeseen failure", Quoted.escape(source(exchange)), failure);
        }
    }

    /** @param kind the kind of reason, a metrics tag: one of a few fixed words */
    private void markSetAside(Exchange exchange, String kind, String reason) throws JsonProcessingException {
        String printable = Quoted.escape(reason);
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
                .put("source", source(exchange)).put("outcome", SET_ASIDE).put("reason", printable)));
        exchange.setProperty(OUTCOME, SET_ASIDE);
        exchange.setProperty(REASON, printable);
        setAside.increment();
        meters(exchange).setAside(kind);
        LOG.warn("set aside {}: {}", Quoted.escape(source(exchange)), printable);
    }

    private ChatMeters meters(Exchange exchange) {
        ChatMeters known = meters;
        if (known == null) {
            known = new ChatMeters(ElevateAiMetrics.of(exchange.getContext()));
            meters = known;
        }
        return known;
    }

    private static boolean maybeDeclared(Exchange exchange) {
        return exchange.getProperty(ElevateAiConstants.MAYBE_DECLARED, false, Boolean.class);
    }

    private static boolean stopping(Exchange exchange) {
        return exchange.getContext().isStopping() || exchange.getContext().isStopped();
    }

    private static String digest(Exchange exchange) {
        return exchange.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST, String.class);
    }

    private static String source(Exchange exchange) {
        String source = exchange.getProperty(SOURCE, String.class);
        return source != null ? source : exchange.getExchangeId();
    }

    public long declaredCount() {
        return declared.sum();
    }

    public long duplicateCount() {
        return duplicates.sum();
    }

    public long setAsideCount() {
        return setAside.sum();
    }

    /** For the runner's last line. */
    public String summary() {
        return declaredCount() + " declared, " + duplicateCount() + " already declared, " + setAsideCount()
               + " set aside";
    }
}
