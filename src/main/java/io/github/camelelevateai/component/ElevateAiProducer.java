package io.github.camelelevateai.component;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.camelelevateai.component.chat.ChatMarshaller;
import io.github.camelelevateai.component.chat.ChatSettings;
import io.github.camelelevateai.component.client.DeclaredInteraction;
import io.github.camelelevateai.component.model.DeclareChatRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Validates and marshals the chat (a bad chat costs no request), then declares it on the calling thread, so that the
 * route's own threads set the concurrency. Only a retry after a 429 completes later, on the component's retry threads,
 * without holding the route's thread while it waits.
 */
public class ElevateAiProducer extends DefaultAsyncProducer {

    /** Exchange property: the request bytes validateChat produced, to recognise them unchanged at declareChat. */
    static final String VALIDATED_REQUEST = "CamelElevateAiValidatedRequest";

    public ElevateAiProducer(ElevateAiEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public ElevateAiEndpoint getEndpoint() {
        return (ElevateAiEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        byte[] request;
        try {
            request = validatedEarlier(exchange);
            if (request == null) {
                request = ChatMarshaller.toBytes(toRequest(exchange));
                exchange.getMessage().setHeader(ElevateAiConstants.REQUEST_DIGEST, RequestDigest.of(request));
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (getEndpoint().getOperation() == ElevateAiOperation.validateChat) {
            // the body becomes what declareChat would send, so that a later declare sends exactly what was checked
            exchange.getMessage().setBody(request);
            exchange.setProperty(VALIDATED_REQUEST, request);
            callback.done(true);
            return true;
        }
        CompletableFuture<DeclaredInteraction> declare = getEndpoint().getClient().declareInteraction(request);
        if (declare.isDone()) {
            complete(exchange, declare);
            callback.done(true);
            return true;
        }
        declare.whenComplete((declared, failure) -> {
            try {
                complete(exchange, declare);
            } finally {
                callback.done(false);
            }
        });
        return false;
    }

    /**
     * The body validateChat made, still untouched (the very same array), is sent as it is rather than read and checked
     * a second time; any other body, even equal bytes, is checked again, and so is one with a languageTag or vertical
     * header, which must win over what the body says.
     */
    private static byte[] validatedEarlier(Exchange exchange) {
        Object validated = exchange.getProperty(VALIDATED_REQUEST);
        Message in = exchange.getMessage();
        boolean overridden = in.getHeader(ElevateAiConstants.LANGUAGE_TAG) != null
                || in.getHeader(ElevateAiConstants.VERTICAL) != null;
        return validated != null && !overridden && validated == in.getBody() ? (byte[]) validated : null;
    }

    private static void complete(Exchange exchange, CompletableFuture<DeclaredInteraction> declare) {
        try {
            onDeclared(exchange.getMessage(), declare.join());
        } catch (CompletionException e) {
            exchange.setException(e.getCause() != null ? e.getCause() : e);
        }
    }

    private DeclareChatRequest toRequest(Exchange exchange) {
        Message in = exchange.getMessage();
        ChatSettings overrides = new ChatSettings(
                in.getHeader(ElevateAiConstants.LANGUAGE_TAG, String.class),
                in.getHeader(ElevateAiConstants.VERTICAL, String.class));
        return ChatMarshaller.toRequest(in.getBody(), exchange.getContext().getTypeConverter(), overrides,
                getEndpoint().defaults());
    }

    private static void onDeclared(Message message, DeclaredInteraction declared) {
        message.setBody(declared.interactionIdentifier());
        message.setHeader(ElevateAiConstants.INTERACTION_IDENTIFIER, declared.interactionIdentifier());
        message.setHeader(ElevateAiConstants.HTTP_STATUS, declared.httpStatus());
        message.setHeader(ElevateAiConstants.RETRIES, declared.retries());
    }
}
