package io.github.camelelevateai.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One interaction the sandbox declared, and where it stands in its lifecycle. A chat is {@code declared} for the first
 * fifth of its processing time, {@code pendingProcessing} for the second fifth, {@code processing} until the processing
 * time is up, and then {@code processed}, or {@code processingFailed} when one of its messages carries
 * {@link ElevateAiSandbox#PROCESSING_FAILED_MARKER}. Its status is computed from the clock when asked, so that
 * thousands of waiting interactions cost no timers. An audio interaction stays {@code filePendingUpload}: the sandbox
 * takes no media.
 * <p>
 * Kept per interaction is what the answers need and no more, so that the retained ones fit in a small heap: the
 * declared parameters (shared constants), the declare's bytes (the very array its {@link RecordedRequest} holds, not a
 * parsed tree: the few calls that need the messages parse it again) and their digest, two clocks and the markers.
 */
final class DeclaredInteraction {

    /** The valid parameter values, so that each interaction points at one shared string instead of a copy. */
    private static final Map<String, String> CANONICAL = new HashMap<>();

    static {
        SandboxRules.AUDIO_LANGUAGES.forEach(value -> CANONICAL.put(value, value));
        SandboxRules.CHAT_LANGUAGES.forEach(value -> CANONICAL.put(value, value));
        for (String value : new String[] { "chat", "audio", "default" }) {
            CANONICAL.put(value, value);
        }
    }

    private final String identifier;
    private final String type;
    private final String languageTag;
    private final String vertical;
    private final byte[] declareBody;
    private final String digest;
    private final long declaredAtMillis;
    private final long declaredAtNanos;
    private final long processingNanos;
    private final boolean failsProcessing;
    private final boolean summaryUnprocessable;
    private volatile boolean deleted;

    private DeclaredInteraction(String identifier, JsonNode request, byte[] declareBody, String digest,
            Duration processingTime) {
        this.identifier = identifier;
        this.type = canonical(request.path("type").asText());
        this.languageTag = canonical(request.path("languageTag").asText());
        this.vertical = canonical(request.path("vertical").asText());
        this.declareBody = declareBody;
        this.digest = digest;
        this.declaredAtMillis = System.currentTimeMillis();
        this.declaredAtNanos = System.nanoTime();
        this.processingNanos = saturatedNanos(processingTime);
        boolean fails = false;
        boolean unprocessable = false;
        for (JsonNode message : request.path("chat").path("messages")) {
            String content = message.path("content").asText();
            fails |= content.contains(ElevateAiSandbox.PROCESSING_FAILED_MARKER);
            unprocessable |= content.contains(ElevateAiSandbox.SUMMARY_UNPROCESSABLE_MARKER);
        }
        this.failsProcessing = fails;
        this.summaryUnprocessable = unprocessable;
    }

    /**
     * @param request a declare that passed {@link SandboxRules#checkDeclare}
     * @param body    its bytes, kept as they are (not copied)
     */
    static DeclaredInteraction declare(String identifier, JsonNode request, byte[] body, String digest,
            Duration processingTime) {
        return new DeclaredInteraction(identifier, request, body, digest, processingTime);
    }

    String identifier() {
        return identifier;
    }

    boolean isChat() {
        return "chat".equals(type);
    }

    byte[] declareBody() {
        return declareBody;
    }

    /** The SHA-256 of the declare's bytes, in lower-case hex. */
    String digest() {
        return digest;
    }

    boolean summaryUnprocessable() {
        return summaryUnprocessable;
    }

    boolean deleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    SandboxStatus statusAt(long nanoTime) {
        if (!isChat()) {
            return SandboxStatus.FILE_PENDING_UPLOAD;
        }
        long elapsed = nanoTime - declaredAtNanos;
        if (elapsed >= processingNanos) {
            return failsProcessing ? SandboxStatus.PROCESSING_FAILED : SandboxStatus.PROCESSED;
        }
        long fifth = processingNanos / 5;
        if (elapsed < fifth) {
            return SandboxStatus.DECLARED;
        }
        return elapsed < 2 * fifth ? SandboxStatus.PENDING_PROCESSING : SandboxStatus.PROCESSING;
    }

    /** The answer to {@code GET /interactions/{id}/status} at this {@link System#nanoTime()}. */
    ObjectNode statusJson(long nanoTime) {
        SandboxStatus status = statusAt(nanoTime);
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("identifier", identifier);
        json.put("status", status.wireName());
        json.put("declared", Instant.ofEpochMilli(declaredAtMillis).toString());
        json.putNull("uploaded");
        json.putNull("downloaded");
        if (status.terminal()) {
            json.put("processed", Instant.ofEpochMilli(declaredAtMillis + processingNanos / 1_000_000).toString());
        } else {
            json.putNull("processed");
        }
        if (status == SandboxStatus.PROCESSING_FAILED) {
            json.put("errorMessage", "Processing failed: a message of the chat carries "
                                     + ElevateAiSandbox.PROCESSING_FAILED_MARKER + ".");
        } else {
            json.putNull("errorMessage");
        }
        return json;
    }

    /** The answer to {@code GET /interactions/{id}}: the declared parameters. */
    ObjectNode parametersJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("identifier", identifier);
        json.put("type", type);
        json.put("languageTag", languageTag);
        json.put("vertical", vertical);
        return json;
    }

    private static String canonical(String value) {
        String shared = CANONICAL.get(value);
        return shared != null ? shared : value;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
