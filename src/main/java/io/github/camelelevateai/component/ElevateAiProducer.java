package io.github.camelelevateai.component;

import io.github.camelelevateai.component.chat.ChatMarshaller;
import io.github.camelelevateai.component.chat.ChatSettings;
import io.github.camelelevateai.component.client.DeclaredInteraction;
import io.github.camelelevateai.component.health.ElevateAiProducerHealthCheck;
import io.github.camelelevateai.component.model.DeclareChatRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.util.StringHelper;

/**
 * Validates and marshals the chat (a bad chat costs no request), then declares it on the calling thread, retries
 * included, so that the route's own threads bound the requests in flight. The calls about a declared interaction go
 * to {@link InteractionOperations}, on the calling thread too.
 */
public class ElevateAiProducer extends DefaultAsyncProducer {

    /** Exchange property: the request bytes validateChat produced, to recognise them unchanged at declareChat. */
    static final String VALIDATED_REQUEST = "CamelElevateAiValidatedRequest";

    private WritableHealthCheckRepository healthCheckRepository;
    private ElevateAiProducerHealthCheck healthCheck;

    public ElevateAiProducer(ElevateAiEndpoint endpoint) {
        super(endpoint);
    }

    /**
     * A producer that calls the API registers its health check in Camel's producers repository, which exists only
     * with camel-health; validateChat sends nothing and has none.
     */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (getEndpoint().getOperation() == ElevateAiOperation.validateChat) {
            return;
        }
        healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(),
                "producers", WritableHealthCheckRepository.class);
        if (healthCheckRepository != null) {
            ElevateAiComponent component = getEndpoint().getComponent();
            String scheme = StringHelper.before(getEndpoint().getEndpointUri(), ":", "elevateai");
            healthCheck = new ElevateAiProducerHealthCheck(component.claimHealthCheckId(scheme,
                    getEndpoint().getOperation()), getEndpoint().apiProbe());
            healthCheck.setEnabled(component.isHealthCheckProducerEnabled());
            healthCheckRepository.addHealthCheck(healthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
            getEndpoint().getComponent().releaseHealthCheckId(healthCheck.getId());
        }
        healthCheck = null;
        healthCheckRepository = null;
        super.doStop();
    }

    @Override
    public ElevateAiEndpoint getEndpoint() {
        return (ElevateAiEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        if (getEndpoint().getOperation().interactionCall() != null) {
            try {
                InteractionOperations.call(exchange, getEndpoint());
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(true);
            return true;
        }
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
        declare(exchange, request);
        callback.done(true);
        return true;
    }

    /**
     * Marks the exchange as possibly declared before the request can leave, and takes the mark back only when the
     * failure proves that this attempt declared nothing and no earlier one may have.
     */
    private void declare(Exchange exchange, byte[] request) {
        boolean earlier = exchange.getProperty(ElevateAiConstants.MAYBE_DECLARED, false, Boolean.class);
        exchange.setProperty(ElevateAiConstants.MAYBE_DECLARED, true);
        Message message = exchange.getMessage();
        // the header Camel's redelivery reads for its next delay: set from a 429's Retry-After only
        message.removeHeader(Exchange.REDELIVERY_DELAY);
        try {
            onDeclared(message, getEndpoint().getClient().declareInteraction(request));
        } catch (ElevateAiException failure) {
            if (!earlier && !failure.isOutcomeUnknown()) {
                exchange.setProperty(ElevateAiConstants.MAYBE_DECLARED, false);
            }
            if (failure instanceof ElevateAiRateLimitException rateLimit && rateLimit.getRetryAfter() != null) {
                // a route's redelivery then waits as long as the API asked, not as its own policy says
                message.setHeader(Exchange.REDELIVERY_DELAY, rateLimit.getRetryAfter().toMillis());
            }
            exchange.setException(failure);
        } catch (RuntimeException unforeseen) {
            exchange.setException(unforeseen);
        }
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
