package io.github.camelelevateai.component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.github.camelelevateai.component.client.InteractionAnswer;
import io.github.camelelevateai.component.client.InteractionCall;
import io.github.camelelevateai.component.model.AiResults;
import io.github.camelelevateai.component.model.Interaction;
import io.github.camelelevateai.component.model.InteractionStatus;
import io.github.camelelevateai.component.model.Json;
import io.github.camelelevateai.component.model.PunctuatedTranscript;
import io.github.camelelevateai.component.model.Summary;
import io.github.camelelevateai.component.model.Transcript;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The calls about one declared interaction (status, results, summary, transcripts, delete), made by the endpoint's
 * producer on the calling thread like the declare. The identifier comes from the exchange
 * ({@link InteractionIdentifiers}); the answer becomes the body, typed or as the API's JSON ({@code resultFormat}).
 */
final class InteractionOperations {

    private InteractionOperations() {
    }

    /** @throws RuntimeException the failure, for the producer to set on the exchange */
    static void call(Exchange exchange, ElevateAiEndpoint endpoint) {
        String identifier = InteractionIdentifiers.of(exchange);
        InteractionCall call = endpoint.getOperation().interactionCall();
        Message message = exchange.getMessage();
        message.setHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, identifier);
        InteractionAnswer answer;
        if (call == InteractionCall.GET_STATUS) {
            StatusPacer.Paced paced = endpoint.getComponent().statusPacer()
                    .status(identifier, () -> endpoint.getClient().call(call, identifier));
            answer = paced.answer();
            message.setHeader(ElevateAiConstants.STATUS_FROM_EARLIER_REQUEST, paced.fromEarlierRequest());
        } else {
            answer = endpoint.getClient().call(call, identifier);
        }
        message.setHeader(ElevateAiConstants.HTTP_STATUS, answer.httpStatus());
        message.setHeader(ElevateAiConstants.RETRIES, answer.retries());
        if (call == InteractionCall.DELETE_INTERACTION) {
            message.setBody(identifier);
            return;
        }
        Object typed = call == InteractionCall.GET_STATUS || endpoint.getConfiguration().getResultFormat()
                == ResultFormat.typed ? typed(call, answer) : null;
        if (typed instanceof InteractionStatus status) {
            message.setHeader(ElevateAiConstants.PROCESSING_STATUS, status.status());
            message.setHeader(ElevateAiConstants.PROCESSING_TERMINAL, status.isTerminal());
        }
        message.setBody(endpoint.getConfiguration().getResultFormat() == ResultFormat.typed
                ? typed : new String(answer.body(), StandardCharsets.UTF_8));
    }

    private static Object typed(InteractionCall call, InteractionAnswer answer) {
        Class<?> type = switch (call) {
            case GET_INTERACTION -> Interaction.class;
            case GET_STATUS -> InteractionStatus.class;
            case GET_AI_RESULTS -> AiResults.class;
            case GET_SUMMARY -> Summary.class;
            case GET_TRANSCRIPT -> Transcript.class;
            case GET_PUNCTUATED_TRANSCRIPT -> PunctuatedTranscript.class;
            case DELETE_INTERACTION -> throw new IllegalArgumentException("a delete answers nothing to read");
        };
        Object value;
        try {
            value = Json.ANSWERS.readValue(answer.body(), type);
        } catch (IOException | RuntimeException e) {
            value = null;
        }
        if (value == null) {
            // its text is not quoted: an answer that is not the API's could echo anything, the token included
            throw new ElevateAiException("ElevateAI answered " + answer.httpStatus() + " to " + call.method() + " "
                    + call.name() + " with " + answer.body().length + " bytes that are not a JSON "
                    + type.getSimpleName(), answer.httpStatus(), null);
        }
        return value;
    }
}
