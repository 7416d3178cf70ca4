package io.github.camelelevateai.routes;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.metrics.ElevateAiMetrics;
import io.github.camelelevateai.component.model.InteractionStatus;
import io.github.camelelevateai.component.model.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of what becomes of a declared chat in the shared results route ({@code routes/elevateai-results.yaml}):
 * it reads the declare's result, keeps what the status, results and summary calls answered, and decides the outcome:
 * {@code analysed} (the body is the analysis document), {@code waiting} (not finished: the source keeps the chat for a
 * later poll) or {@code setAside} (processing failed, the deadline passed, or the API refused for good; the reason in
 * {@link ChatOutcomes#REASON}). Source routes read {@link #OUTCOME} and deliver in their own way.
 */
public class ChatAnalyses {

    /** Exchange property: {@code analysed}, {@code waiting} or {@code setAside}. */
    public static final String OUTCOME = "elevateaiAnalysisOutcome";
    public static final String ANALYSED = "analysed";
    public static final String WAITING = "waiting";
    public static final String SET_ASIDE = "setAside";

    /** Exchange property, set when the delete after the analysis failed: why, and how to delete it by hand. */
    public static final String DELETE_FAILED = "elevateaiDeleteFailed";

    static final String DECLARED_AT = "elevateaiDeclaredAt";
    static final String STATUS = "elevateaiStatus";
    static final String AI_RESULTS = "elevateaiAiResults";
    static final String SUMMARY = "elevateaiSummary";

    private static final Logger LOG = LoggerFactory.getLogger("io.github.camelelevateai.routes");

    private final Duration deadline;
    private final LongAdder analysed = new LongAdder();
    private final LongAdder setAside = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    /** Found at the first chat, once the context runs and its metrics registry, if any, is bound. */
    private volatile AnalysisMeters meters;

    /** @param deadlineMillis how long after its declare a chat may stay unfinished before it is set aside */
    public ChatAnalyses(long deadlineMillis) {
        if (deadlineMillis < 1) {
            throw new IllegalArgumentException("elevateai.results.deadline must be at least 1 ms, not "
                                               + deadlineMillis);
        }
        this.deadline = Duration.ofMillis(deadlineMillis);
    }

    /**
     * The body is a declare's result ({@code {"interactionIdentifier", "source", "declaredAt"}}): its identifier goes
     * to the header the component reads; its source and declare time to properties. A result that names no
     * interaction is set aside at once.
     */
    public void start(Exchange exchange) {
        exchange.setProperty(OUTCOME, null);
        JsonNode result;
        try {
            result = Json.ANSWERS.readTree(exchange.getMessage().getBody(String.class));
        } catch (IOException | RuntimeException e) {
            result = null;
        }
        JsonNode identifier = result == null ? null : result.get("interactionIdentifier");
        if (identifier == null || !identifier.isTextual()) {
            setAside(exchange, "notAResult", "This is not a declare's result with an interactionIdentifier, so there is nothing to"
                    + " follow up");
            return;
        }
        exchange.getMessage().setHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, identifier.textValue());
        if (exchange.getProperty(ChatOutcomes.SOURCE) == null && result.path("source").isTextual()) {
            exchange.setProperty(ChatOutcomes.SOURCE, result.get("source").textValue());
        }
        exchange.setProperty(DECLARED_AT, declaredAt(result.path("declaredAt").asText(null)));
    }

    /** Whether {@link #start} found an interaction to follow up. */
    public boolean following(Exchange exchange) {
        return exchange.getProperty(OUTCOME) == null;
    }

    public void status(Exchange exchange) {
        exchange.setProperty(STATUS, exchange.getMessage().getBody(InteractionStatus.class));
    }

    public void aiResults(Exchange exchange) {
        exchange.setProperty(AI_RESULTS, exchange.getMessage().getBody(String.class));
    }

    public void summary(Exchange exchange) {
        exchange.setProperty(SUMMARY, exchange.getMessage().getBody(String.class));
    }

    /** The API can make no summary of this chat: the analysis goes on without one, rather than losing the results. */
    public void noSummary(Exchange exchange) {
        exchange.setProperty(SUMMARY, null);
    }

    /** Processed, results and summary fetched: the body becomes the analysis document. */
    public void analysed(Exchange exchange) throws IOException {
        InteractionStatus status = exchange.getProperty(STATUS, InteractionStatus.class);
        ObjectNode document = Json.MAPPER.createObjectNode()
                .put("interactionIdentifier", status.identifier() != null ? status.identifier() : identifier(exchange))
                .put("source", source(exchange))
                .put("status", status.status());
        document.set("aiResults", Json.ANSWERS.readTree(exchange.getProperty(AI_RESULTS, String.class)));
        String summary = exchange.getProperty(SUMMARY, String.class);
        document.set("summary", summary == null ? null : Json.ANSWERS.readTree(summary).get("summary"));
        document.put("analysedAt", Instant.now().toString());
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(document));
        exchange.setProperty(OUTCOME, ANALYSED);
        analysed.increment();
        meters(exchange).analysed();
        LOG.info("analysed {} ({})", Quoted.escape(source(exchange)), identifier(exchange));
    }

    /** Processing ended without results: set aside with the API's reason. */
    public void failed(Exchange exchange) {
        InteractionStatus status = exchange.getMessage().getBody(InteractionStatus.class);
        setAside(exchange, "processingFailed", "ElevateAI could not analyse interaction " + identifier(exchange) + ": its status is "
                + status.status() + (status.errorMessage() == null ? "" : " (" + status.errorMessage() + ")"));
    }

    /** Not finished yet: waiting, unless the deadline has passed, then set aside with the status last seen. */
    public void unfinished(Exchange exchange) {
        InteractionStatus status = exchange.getMessage().getBody(InteractionStatus.class);
        Instant declaredAt = exchange.getProperty(DECLARED_AT, Instant.class);
        if (declaredAt != null && Instant.now().isAfter(declaredAt.plus(deadline))) {
            setAside(exchange, "deadlinePassed", "Interaction " + identifier(exchange) + " is still " + status.status() + " "
                    + deadline.toMinutes() + " min after its declare (elevateai.results.deadline): it is no longer"
                    + " waited for; fetch its results by hand once it is processed");
            return;
        }
        exchange.setProperty(OUTCOME, WAITING);
    }

    /**
     * A call failed: a failure worth trying again (a timeout, a 429, a connection) leaves the chat waiting for the
     * next poll; any other (the interaction not found, the token refused) sets it aside with the API's words.
     */
    public void callFailed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof ElevateAiException api && api.isRetryable()) {
            LOG.debug("will ask again about {}: {}", identifier(exchange), failure.getMessage());
            exchange.setProperty(OUTCOME, WAITING);
            return;
        }
        setAside(exchange, "callFailed", "Could not follow up interaction " + identifier(exchange) + ": "
                + (failure == null ? "unknown failure" : failure.getMessage()));
    }

    /** The interaction is gone from ElevateAI, its analysis delivered. */
    public void deleted(Exchange exchange) {
        deleted.increment();
        meters(exchange).deleted();
        LOG.info("deleted {} at ElevateAI after its analysis", identifier(exchange));
    }

    /** The analysis is delivered, but the interaction is still stored at ElevateAI. */
    public void deleteFailed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = Quoted.escape("The analysis of interaction " + identifier(exchange) + " was delivered, but"
                + " deleting the interaction at ElevateAI failed (" + (failure == null ? "unknown failure"
                : failure.getMessage()) + "): it is still stored there. Delete it by hand: DELETE /interactions/"
                + identifier(exchange));
        exchange.setProperty(DELETE_FAILED, reason);
        LOG.warn("{}", reason);
    }

    /** @param kind the kind of reason, a metrics tag: one of a few fixed words */
    private void setAside(Exchange exchange, String kind, String reason) {
        String printable = Quoted.escape(reason);
        exchange.setProperty(OUTCOME, SET_ASIDE);
        exchange.setProperty(ChatOutcomes.REASON, printable);
        exchange.getMessage().setBody(printable);
        setAside.increment();
        meters(exchange).setAside(kind);
        LOG.warn("set aside the analysis of {}: {}", Quoted.escape(source(exchange)), printable);
    }

    private AnalysisMeters meters(Exchange exchange) {
        AnalysisMeters known = meters;
        if (known == null) {
            known = new AnalysisMeters(ElevateAiMetrics.of(exchange.getContext()));
            meters = known;
        }
        return known;
    }

    private static Instant declaredAt(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String identifier(Exchange exchange) {
        return exchange.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, String.class);
    }

    private static String source(Exchange exchange) {
        String source = exchange.getProperty(ChatOutcomes.SOURCE, String.class);
        return source != null ? source : exchange.getExchangeId();
    }

    public long analysedCount() {
        return analysed.sum();
    }

    public long setAsideCount() {
        return setAside.sum();
    }

    public long deletedCount() {
        return deleted.sum();
    }

    /** For the runner's last line. */
    public String summary() {
        return analysedCount() + " analysed, " + setAsideCount() + " analyses set aside";
    }
}
