package io.github.camelelevateai.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The interactions the sandbox declared, and its answers to every call on them, once the token and the route are
 * known to be right. The newest {@code retain} interactions are kept; an older one answers 404 like one never declared,
 * and so does a deleted one.
 * <p>
 * Where the public documentation is silent, the sandbox assumes: the CX AI results and the transcripts answer 409 with
 * an {@code errorMessage} naming the status until the interaction is {@code processed}, and after a failed status; a
 * chat's summary answers any time after its declare (as the docs allow for chat), whatever the processing does, 409
 * for audio until processed, 422 when the chat carries {@link ElevateAiSandbox#SUMMARY_UNPROCESSABLE_MARKER}, and 429
 * without {@code Retry-After} when {@link ElevateAiSandbox#MAX_CONCURRENT_SUMMARIES} summaries are being answered; a
 * delete is allowed in any status.
 */
final class SandboxInteractions {

    private final ObjectMapper mapper;
    /** Guarded by itself; in order of declare, so the oldest go first. */
    private final LinkedHashMap<String, DeclaredInteraction> byIdentifier = new LinkedHashMap<>();
    private final AtomicLong declaredCount = new AtomicLong();
    /** Summaries being answered, from their arrival to their answer's departure (so latency holds them). */
    private final AtomicInteger summariesInFlight = new AtomicInteger();

    SandboxInteractions(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    SandboxAnswer declare(String contentType, byte[] body, String digest, Duration processingTime, int retain) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return SandboxAnswer.error(400, "Content-Type must be application/json.");
        }
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (IOException e) {
            return SandboxAnswer.error(400, "The request body is not valid JSON.");
        }
        String problem = SandboxRules.checkDeclare(request);
        if (problem != null) {
            return SandboxAnswer.error(400, problem);
        }
        String identifier = UUID.randomUUID().toString();
        DeclaredInteraction interaction = DeclaredInteraction.declare(identifier, request, body, digest,
                processingTime);
        declaredCount.incrementAndGet();
        synchronized (byIdentifier) {
            byIdentifier.put(identifier, interaction);
            Iterator<String> oldest = byIdentifier.keySet().iterator();
            while (byIdentifier.size() > retain) {
                oldest.next();
                oldest.remove();
            }
        }
        return SandboxAnswer.declared(identifier,
                mapper.createObjectNode().put("interactionIdentifier", identifier).toString());
    }

    /** Any call but {@link SandboxCall#DECLARE}. */
    SandboxAnswer answer(SandboxCall call, String identifier) {
        DeclaredInteraction interaction = live(identifier);
        if (interaction == null) {
            return SandboxAnswer.error(404, "No interaction " + identifier + ".");
        }
        long now = System.nanoTime();
        return switch (call) {
            case GET_INTERACTION -> SandboxAnswer.json(200, interaction.parametersJson().toString());
            case GET_STATUS -> SandboxAnswer.json(200, interaction.statusJson(now).toString());
            case GET_AI_RESULTS -> once(interaction, now, "CX AI results",
                    request -> ChatAnalysis.aiResults(request, interaction.digest()));
            case GET_TRANSCRIPT -> once(interaction, now, "transcript", ChatAnalysis::transcript);
            case GET_PUNCTUATED_TRANSCRIPT -> once(interaction, now, "punctuated transcript",
                    ChatAnalysis::punctuatedTranscript);
            case GET_SUMMARY -> summary(interaction, now);
            case DELETE -> delete(identifier) ? SandboxAnswer.empty(200)
                    : SandboxAnswer.error(404, "No interaction " + identifier + ".");
            case DECLARE -> throw new IllegalArgumentException("A declare has no identifier");
        };
    }

    private SandboxAnswer summary(DeclaredInteraction interaction, long now) {
        if (summariesInFlight.incrementAndGet() > ElevateAiSandbox.MAX_CONCURRENT_SUMMARIES) {
            summariesInFlight.decrementAndGet();
            return SandboxAnswer.error(429, "Too many summary requests at once: at most "
                                            + ElevateAiSandbox.MAX_CONCURRENT_SUMMARIES + ".");
        }
        SandboxAnswer answer;
        if (!interaction.isChat() && interaction.statusAt(now) != SandboxStatus.PROCESSED) {
            answer = notProcessed(interaction, now, "summary");
        } else if (interaction.summaryUnprocessable()) {
            answer = SandboxAnswer.error(422, "No summary can be made of interaction " + interaction.identifier()
                                              + ": a message of the chat carries "
                                              + ElevateAiSandbox.SUMMARY_UNPROCESSABLE_MARKER + ".");
        } else {
            answer = SandboxAnswer.json(200, mapper.createObjectNode()
                    .put("summary", ChatAnalysis.summary(request(interaction))).toString());
        }
        return answer.releasing(summariesInFlight::decrementAndGet);
    }

    /** The results, once the interaction is processed. */
    private SandboxAnswer once(DeclaredInteraction interaction, long now, String what,
            Function<JsonNode, ObjectNode> results) {
        return interaction.statusAt(now) == SandboxStatus.PROCESSED
                ? SandboxAnswer.json(200, results.apply(request(interaction)).toString())
                : notProcessed(interaction, now, what);
    }

    private static SandboxAnswer notProcessed(DeclaredInteraction interaction, long now, String what) {
        SandboxStatus status = interaction.statusAt(now);
        String why = status.terminal()
                ? "ended in status " + status.wireName() + " and has no " + what
                : "is not processed yet (status " + status.wireName() + "): no " + what + " before it is "
                  + SandboxStatus.PROCESSED.wireName();
        return SandboxAnswer.error(409, "Interaction " + interaction.identifier() + " " + why + ".");
    }

    private boolean delete(String identifier) {
        synchronized (byIdentifier) {
            DeclaredInteraction interaction = byIdentifier.get(identifier);
            if (interaction == null || interaction.deleted()) {
                return false;
            }
            interaction.markDeleted();
            return true;
        }
    }

    private DeclaredInteraction live(String identifier) {
        DeclaredInteraction interaction = retained(identifier);
        return interaction == null || interaction.deleted() ? null : interaction;
    }

    /** A retained interaction, deleted or not, or null. */
    DeclaredInteraction retained(String identifier) {
        synchronized (byIdentifier) {
            return byIdentifier.get(identifier);
        }
    }

    /** The declare the interaction was declared with, parsed again from its bytes. */
    JsonNode request(DeclaredInteraction interaction) {
        try {
            return mapper.readTree(interaction.declareBody());
        } catch (IOException e) {
            throw new UncheckedIOException("A declare the sandbox took is JSON", e);
        }
    }

    long declaredCount() {
        return declaredCount.get();
    }

    /** Forgets every interaction and the count; summaries being answered keep their places until answered. */
    void clear() {
        synchronized (byIdentifier) {
            byIdentifier.clear();
        }
        declaredCount.set(0);
    }
}
