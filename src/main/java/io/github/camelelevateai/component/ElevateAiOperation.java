package io.github.camelelevateai.component;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.camelelevateai.component.client.InteractionCall;

/** What an {@code elevateai:} endpoint does. */
public enum ElevateAiOperation {

    /** {@code POST /interactions} with {@code type: chat}: declares a chat and answers its interactionIdentifier. */
    declareChat,

    /**
     * Checks the chat and turns it into the exact declare request that {@code declareChat} would send, without sending
     * it: nothing leaves the machine and no quota is spent. A route uses it to key de-duplication on what would be
     * declared.
     */
    validateChat,

    /** {@code GET /interactions/{id}}: the parameters the interaction was declared with. */
    getInteraction(InteractionCall.GET_INTERACTION),

    /**
     * {@code GET /interactions/{id}/status}: where processing is. Never sent for one interaction more often than every
     * 5 s: a call sooner gets the last answer.
     */
    getStatus(InteractionCall.GET_STATUS),

    /** {@code GET /interactions/{id}/ai}: the CX AI results, once processed. */
    getAiResults(InteractionCall.GET_AI_RESULTS),

    /** {@code GET /interactions/{id}/gen-ai/cx/summary}: the generated summary. */
    getSummary(InteractionCall.GET_SUMMARY),

    /** {@code GET /interactions/{id}/transcript}: phrase by phrase (made for audio interactions). */
    getTranscript(InteractionCall.GET_TRANSCRIPT),

    /** {@code GET /interactions/{id}/transcripts/punctuated}: sentence by sentence (made for audio interactions). */
    getPunctuatedTranscript(InteractionCall.GET_PUNCTUATED_TRANSCRIPT),

    /** {@code DELETE /interactions/{id}}: the interaction and its results are gone from the API. */
    deleteInteraction(InteractionCall.DELETE_INTERACTION);

    private final InteractionCall interactionCall;

    ElevateAiOperation() {
        this(null);
    }

    ElevateAiOperation(InteractionCall interactionCall) {
        this.interactionCall = interactionCall;
    }

    /** The call about one declared interaction this operation makes, or null for the chat operations. */
    InteractionCall interactionCall() {
        return interactionCall;
    }

    /** Accepts {@code declareChat}, {@code declare-chat} and {@code DECLARE_CHAT}; says which exist when none fits. */
    public static ElevateAiOperation fromValue(String value) {
        String wanted = normalise(value);
        return Arrays.stream(values())
                .filter(operation -> normalise(operation.name()).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown elevateai operation '" + value
                        + "': valid operations are " + Arrays.stream(values()).map(Enum::name)
                                .collect(Collectors.joining(", "))));
    }

    private static String normalise(String value) {
        return value == null ? "" : value.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
