package io.github.camelelevateai.routes;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.ElevateAiAuthenticationException;
import io.github.camelelevateai.component.ElevateAiBadRequestException;
import io.github.camelelevateai.component.ElevateAiConstants;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.ElevateAiOutcomeUnknownException;
import io.github.camelelevateai.component.model.Json;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each chat in the shared declaring route ({@code routes/elevateai-declare.yaml}): the result a source
 * route writes, the reason it sets a chat aside with, a log line per chat and the counts for a summary. The source
 * routes read the outcome from the exchange property {@link #OUTCOME} and acknowledge it in their own way.
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

    public static final String DECLARED = "declared";
    public static final String DUPLICATE = "duplicate";
    public static final String SET_ASIDE = "setAside";

    private static final Logger LOG = LoggerFactory.getLogger("io.github.camelelevateai.routes");

    private final IdempotentRepository declaredChats;
    private final LongAdder declared = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder setAside = new LongAdder();

    public ChatOutcomes(IdempotentRepository declaredChats) {
        this.declaredChats = declaredChats;
    }

    /** After a declare: the body becomes {@code {"interactionIdentifier", "source", "declaredAt"}}. */
    public void declared(Exchange exchange) throws JsonProcessingException {
        String identifier = exchange.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, String.class);
        ObjectNode result = Json.MAPPER.createObjectNode()
                .put("interactionIdentifier", identifier)
                .put("source", source(exchange))
                .put("declaredAt", Instant.now().toString());
        // written once, on one line: the same text is the body and what the store keeps for a later duplicate
        String text = Json.MAPPER.writeValueAsString(result);
        if (declaredChats instanceof DeclaredResults results) {
            results.remember(digest(exchange), text);
        }
        exchange.getMessage().setBody(text);
        exchange.setProperty(HAS_RESULT, true);
        exchange.setProperty(OUTCOME, DECLARED);
        declared.increment();
        LOG.info("declared {} as {}", source(exchange), identifier);
    }

    /**
     * Nothing sent. The body becomes the result of the chat's one declare when the store kept it, or else
     * {@code {"source", "outcome": "duplicate"}}, for a requester waiting on a reply. Set aside instead: a chat whose
     * earlier declare ended with an unknown outcome ({@link DeclaredResults.Status#UNFINISHED}), since acknowledging it
     * as done would claim a declare that may never have happened; and a copy whose first copy was set aside, with nothing
     * declared, while this one waited.
     *
     * @throws ChatBeingDeclaredException while an identical copy is being declared: the route redelivers this one
     */
    public void duplicate(Exchange exchange) throws JsonProcessingException {
        String digest = digest(exchange);
        DeclaredResults.Claim claim = claimOf(digest);
        switch (claim.status()) {
            case IN_FLIGHT -> throw new ChatBeingDeclaredException("An identical chat is being declared right now: "
                    + source(exchange) + " waits for its outcome");
            case UNFINISHED -> markSetAside(exchange, "An earlier declare of this chat ended without a known outcome"
                    + " (no answer came, or the route stopped mid-declare), so whether it was declared is unknown. It will"
                    + " not be sent again automatically. Check in ElevateAI before submitting it again; to allow that, "
                    + howToRelease(digest) + ".");
            case NOT_CLAIMED -> markSetAside(exchange, "An identical copy of this chat, taken at the same time, was set"
                    + " aside with nothing declared while this one waited for it, so this one was not sent either. See"
                    + " that copy's reason, then submit the chat again.");
            case DECLARED -> acknowledgeDuplicate(exchange, claim.result());
        }
    }

    /** A store that keeps no results knows only whether the chat is claimed. */
    private DeclaredResults.Claim claimOf(String digest) {
        if (declaredChats instanceof DeclaredResults results) {
            return results.claimOf(digest);
        }
        return new DeclaredResults.Claim(declaredChats.contains(digest) ? DeclaredResults.Status.DECLARED
                : DeclaredResults.Status.NOT_CLAIMED, null);
    }

    /** @param earlier the result of the chat's one declare, or null when the store kept none */
    private void acknowledgeDuplicate(Exchange exchange, String earlier) throws JsonProcessingException {
        if (earlier != null) {
            exchange.getMessage().setBody(earlier);
            exchange.setProperty(HAS_RESULT, true);
            LOG.info("already declared {} as {}: the same chat was declared earlier, so it is not declared again",
                    source(exchange), Json.MAPPER.readTree(earlier).path("interactionIdentifier").asText());
        } else {
            exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
                    .put("source", source(exchange)).put("outcome", DUPLICATE)));
            LOG.info("already declared {}: the same chat was declared earlier, so it is not declared again",
                    source(exchange));
        }
        exchange.setProperty(OUTCOME, DUPLICATE);
        duplicates.increment();
    }

    private static String digest(Exchange exchange) {
        return exchange.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST, String.class);
    }

    /**
     * From the route's error handling, after any redeliveries: the chat is set aside with a reason. Where the failure
     * proves that nothing was declared, the chat is forgotten by de-duplication, so it can be sent again once fixed;
     * where the outcome is unknown, it stays remembered and is never declared again automatically. The body becomes
     * {@code {"source", "outcome": "setAside", "reason"}}.
     */
    public void setAside(Exchange exchange) throws JsonProcessingException {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        String digest = exchange.getMessage().getHeader(ElevateAiConstants.REQUEST_DIGEST, String.class);
        // a copy that found the chat claimed by another must leave that claim alone
        boolean claimedHere = digest != null && !exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
        if (claimedHere && nothingDeclared(failure)) {
            declaredChats.remove(digest);
        } else if (claimedHere && declaredChats instanceof DeclaredResults results) {
            results.markOutcomeUnknown(digest);
        }
        markSetAside(exchange, reason(failure, redeliveries, digest == null ? null : howToRelease(digest)));
        if (!(failure instanceof ElevateAiException)) {
            // the reason names an unforeseen failure; its stack trace is for whoever looks into it
            LOG.debug("set aside {} after an unforeseen failure", source(exchange), failure);
        }
    }

    private void markSetAside(Exchange exchange, String reason) throws JsonProcessingException {
        exchange.getMessage().setBody(Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode()
                .put("source", source(exchange)).put("outcome", SET_ASIDE).put("reason", reason)));
        exchange.setProperty(OUTCOME, SET_ASIDE);
        exchange.setProperty(REASON, reason);
        setAside.increment();
        LOG.warn("set aside {}: {}", source(exchange), reason);
    }

    static boolean nothingDeclared(Exception failure) {
        if (failure instanceof ElevateAiException elevateAi) {
            return !elevateAi.isOutcomeUnknown();
        }
        // a failure of our own before the declare was sent cannot be told apart from one after it
        return false;
    }

    private String howToRelease(String digest) {
        return declaredChats instanceof DeclaredResults results ? results.howToRelease(digest)
                : "remove its request digest " + digest + " from the de-duplication store";
    }

    /** @param release how to let the chat be declared again, once checked; null when it was never claimed */
    static String reason(Exception failure, int redeliveries, String release) {
        String tried = redeliveries > 0 ? " (after " + redeliveries + " redeliveries)" : "";
        if (failure instanceof ChatValidationException) {
            return "The chat is not valid, so it was not sent: " + failure.getMessage()
                   + ". Fix the chat and submit it again.";
        } else if (failure instanceof ElevateAiAuthenticationException) {
            return "ElevateAI refused the API token: " + failure.getMessage()
                   + ". Check ELEVATEAI_API_TOKEN (or apiToken), then submit the chat again; it was not declared.";
        } else if (failure instanceof ElevateAiBadRequestException) {
            return "ElevateAI refused the chat as a bad request: " + failure.getMessage()
                   + ". Fix the chat and submit it again; it was not declared.";
        } else if (failure instanceof ElevateAiOutcomeUnknownException) {
            return "The outcome is unknown: " + failure.getMessage() + tried + ". The chat may have been declared and"
                   + " will not be sent again automatically. Check in ElevateAI before submitting it again; to allow"
                   + " that, " + release + ".";
        } else if (failure instanceof ChatBeingDeclaredException) {
            return "An identical copy of this chat was still being declared" + tried + ", so this one was not sent."
                   + " Submit it again once that copy is done: it then gets the result of that copy's declare.";
        } else if (failure instanceof ElevateAiException elevateAi && elevateAi.isRetryable()) {
            return "ElevateAI could not take the chat" + tried + ": " + failure.getMessage()
                   + ". It was not declared; submit it again later.";
        } else if (failure instanceof ElevateAiException elevateAi && elevateAi.isOutcomeUnknown()) {
            return "ElevateAI failed while taking the chat: " + failure.getMessage() + ". The chat may have been"
                   + " declared and will not be sent again automatically. Check in ElevateAI before submitting it again;"
                   + " to allow that, " + release + ".";
        } else if (failure instanceof ElevateAiException) {
            return "ElevateAI refused the chat: " + failure.getMessage() + ". It was not declared.";
        }
        String what = failure == null ? "an unknown failure"
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return "The chat could not be handled (" + what + ")" + tried + ". It may or may not have been declared;"
               + " check in ElevateAI before submitting it again" + (release == null ? "." : "; to allow that, " + release
               + ".");
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
