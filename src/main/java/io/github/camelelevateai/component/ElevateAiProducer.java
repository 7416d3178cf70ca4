package io.github.camelelevateai.component;

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
 * Validates and marshals the chat on the calling thread (a bad chat costs no request), then declares it without
 * blocking: the exchange continues on the HTTP client's thread when the answer, or the failure, arrives.
 */
public class ElevateAiProducer extends DefaultAsyncProducer {

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
            request = ChatMarshaller.toBytes(toRequest(exchange));
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        getEndpoint().getClient().declareInteraction(request).whenComplete((declared, failure) -> {
            try {
                if (failure != null) {
                    exchange.setException(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                } else {
                    onDeclared(exchange.getMessage(), declared);
                }
            } finally {
                callback.done(false);
            }
        });
        return false;
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
