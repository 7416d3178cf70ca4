package io.github.camelelevateai.component.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;

import io.github.camelelevateai.component.ElevateAiAuthenticationException;
import io.github.camelelevateai.component.ElevateAiBadRequestException;
import io.github.camelelevateai.component.ElevateAiConnectionException;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.ElevateAiNotFoundException;
import io.github.camelelevateai.component.ElevateAiNotReadyException;
import io.github.camelelevateai.component.ElevateAiOutcomeUnknownException;
import io.github.camelelevateai.component.ElevateAiRateLimitException;
import io.github.camelelevateai.component.ElevateAiServerException;
import io.github.camelelevateai.component.ElevateAiTimeoutException;
import io.github.camelelevateai.component.ElevateAiUnprocessableException;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.model.ErrorResponse;
import io.github.camelelevateai.component.model.Json;

/**
 * The ElevateAI REST API as typed calls: authentication, the API's answers mapped to the {@link ElevateAiException}
 * family, and the few retries that cannot cost quota twice ({@link RetryPolicy}). The token is held here and nowhere
 * is it printed: not in {@link #toString()}, not in an exception message.
 */
public final class ElevateAiClient {

    public static final String TOKEN_HEADER = "X-API-Token";
    private static final String MASK = "******";
    private static final int MAX_ERROR_TEXT = 500;
    private static final String IDENTIFIER_FIELD = "interactionIdentifier";
    private static final ObjectReader ERROR_RESPONSE = Json.MAPPER.readerFor(ErrorResponse.class);

    private final HttpTransport transport;
    private final URI interactionsUri;
    private final String apiToken;
    private final RequestConfig requestConfig;
    private final RetryPolicy retryPolicy;
    private final RequestObserver observer;
    /** Counted down at {@link #close()}: a wait for a retry ends at once, with the failure that caused it. */
    private final CountDownLatch closed = new CountDownLatch(1);

    /** @param observer told about every request sent and every retry, for metrics */
    public ElevateAiClient(HttpTransport transport, String baseUrl, String apiToken, Duration requestTimeout,
            RetryPolicy retryPolicy, RequestObserver observer) {
        this.transport = transport;
        this.interactionsUri = URI.create(stripTrailingSlash(baseUrl) + "/interactions");
        this.apiToken = apiToken;
        this.requestConfig = transport.requestConfig(requestTimeout);
        this.retryPolicy = retryPolicy;
        this.observer = observer;
    }

    /**
     * {@code POST /interactions} with a ready declare request, on the calling thread, retries included: a caller never
     * has more requests out than it has threads, so the route's concurrency bounds them, during a 429 storm too.
     *
     * @throws ElevateAiException the API's refusal, or the transport's failure, after the retries the policy allows
     */
    public DeclaredInteraction declareInteraction(byte[] requestJson) {
        Answered answered = withRetries(() -> declareRequest(requestJson), Call.DECLARE);
        ApiResponse response = answered.response();
        String identifier = identifierIn(response.body());
        if (identifier == null || identifier.isBlank()) {
            throw new ElevateAiOutcomeUnknownException("ElevateAI answered " + response.status()
                    + " without an interactionIdentifier: the chat was probably declared, but cannot be followed up",
                    null);
        }
        return new DeclaredInteraction(identifier, response.status(), answered.retries());
    }

    /**
     * One call about a declared interaction, on the calling thread. A read is retried on every retryable failure; a
     * delete only when it cannot have been sent.
     *
     * @param identifier already checked to be one path segment ({@code InteractionIdentifiers})
     * @throws ElevateAiException the API's refusal, or the transport's failure, after the retries the policy allows
     */
    public InteractionAnswer call(InteractionCall call, String identifier) {
        URI uri = URI.create(interactionsUri + "/" + identifier + call.pathAfterIdentifier());
        Answered answered = withRetries(() -> {
            ClassicHttpRequest request = new BasicClassicHttpRequest(call.method(), uri);
            request.setHeader("Accept", "application/json");
            request.setHeader(TOKEN_HEADER, apiToken);
            return request;
        }, call.isRead() ? Call.READ : Call.DELETE);
        return new InteractionAnswer(answered.response().status(), answered.response().body(), answered.retries());
    }

    /** How a call may be repeated and what its failures mean. */
    private enum Call {
        DECLARE, READ, DELETE
    }

    private Answered withRetries(Supplier<ClassicHttpRequest> newRequest, Call call) {
        for (int retriesDone = 0;; retriesDone++) {
            // a new request per attempt: the client adds its own headers to the one it sends
            ClassicHttpRequest request = newRequest.get();
            ElevateAiException failure;
            RequestObserver.Sending sending = observer.sending();
            boolean answered = false;
            try {
                ApiResponse response = transport.send(request, requestConfig);
                answered = true;
                sending.answered(response.status());
                if (response.status() >= 200 && response.status() < 300) {
                    return new Answered(response, retriesDone);
                }
                failure = refusal(response, request, call, retriesDone);
            } catch (HttpTransport.TransportFailure e) {
                failure = transportFailure(e, request, call);
            } finally {
                if (!answered) {
                    sending.unanswered();
                }
            }
            Optional<Duration> delay = retryPolicy.delayBeforeRetry(retriesDone + 1, failure, call == Call.READ);
            if (delay.isEmpty() || !waitBeforeRetry(delay.get())) {
                throw failure;
            }
            observer.retrying(failure);
        }
    }

    private record Answered(ApiResponse response, int retries) {
    }

    /** @return false when the wait was cut short (the client closed, the thread interrupted): do not retry */
    private boolean waitBeforeRetry(Duration delay) {
        try {
            return !closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends any wait for a retry: the caller gets the failure it was waiting to retry (nothing more is sent). */
    public void close() {
        closed.countDown();
    }

    private HttpPost declareRequest(byte[] requestJson) {
        HttpPost request = new HttpPost(interactionsUri);
        request.setHeader("Accept", "application/json");
        request.setHeader(TOKEN_HEADER, apiToken);
        request.setEntity(new ByteArrayEntity(requestJson, ContentType.APPLICATION_JSON));
        return request;
    }

    private ElevateAiException refusal(ApiResponse response, ClassicHttpRequest request, Call call, int retriesDone) {
        int status = response.status();
        // the API's own words go into reasons and log lines: on one line, like any input
        String errorMessage = Quoted.escape(errorMessage(response.body()));
        String message = mask("ElevateAI answered " + status + " to " + request.getMethod() + " " + request.getPath()
                + (errorMessage == null ? "" : ": " + errorMessage));
        boolean aboutAnInteraction = call != Call.DECLARE;
        boolean read = call == Call.READ;
        return switch (status) {
            case 400 -> new ElevateAiBadRequestException(message, status, errorMessage);
            case 401, 403 -> new ElevateAiAuthenticationException(message, status, errorMessage);
            case 404 -> new ElevateAiNotFoundException(aboutAnInteraction ? message + " (no such interaction: never"
                    + " declared, deleted, or past the time the API keeps it)" : message, status, errorMessage);
            case 408 -> read ? new ElevateAiTimeoutException(message, status, errorMessage, null)
                    : new ElevateAiException(message, status, errorMessage);
            case 409 -> aboutAnInteraction ? new ElevateAiNotReadyException(message, errorMessage)
                    : new ElevateAiException(message, status, errorMessage);
            case 422 -> aboutAnInteraction ? new ElevateAiUnprocessableException(message, errorMessage)
                    : new ElevateAiException(message, status, errorMessage);
            case 429 -> new ElevateAiRateLimitException(
                    message + (retriesDone > 0 ? " (after " + retriesDone + " retries)" : ""), errorMessage,
                    retryAfter(response.retryAfter()).orElse(null));
            default -> {
                if (status == 504 && read) {
                    yield new ElevateAiTimeoutException(message, status, errorMessage, null);
                }
                yield status >= 500 ? new ElevateAiServerException(message, status, errorMessage, read)
                        : new ElevateAiException(message, status, errorMessage);
            }
        };
    }

    /**
     * The answer's top-level {@code interactionIdentifier} if it is a string, read token by token: this runs once per
     * declare, and building the answer as a tree or a record cost more than the rest of reading it. Null for anything
     * but one JSON object (duplicate keys and trailing content included, as the mapper refuses them).
     */
    private static String identifierIn(byte[] body) {
        String identifier = null;
        try (JsonParser parser = Json.MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (IDENTIFIER_FIELD.equals(field)) {
                    identifier = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                } else {
                    parser.skipChildren();
                }
            }
            return parser.nextToken() == null ? identifier : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private ElevateAiException transportFailure(HttpTransport.TransportFailure failure, ClassicHttpRequest request,
            Call call) {
        Throwable cause = failure.getCause();
        String host = interactionsUri.getHost() + ":" + interactionsUri.getPort();
        String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        if (failure.maybeSent()) {
            return switch (call) {
                case DECLARE -> new ElevateAiOutcomeUnknownException(mask("The declare was sent to ElevateAI at " + host
                        + " but no answer came (" + reason + "): the chat may or may not have been declared,"
                        + " so it is not retried automatically"), cause);
                case DELETE -> new ElevateAiOutcomeUnknownException(mask("The delete " + request.getPath()
                        + " was sent to ElevateAI at " + host + " but no answer came (" + reason + "): the interaction"
                        + " may or may not have been deleted, so it is not retried automatically"), cause);
                case READ -> new ElevateAiTimeoutException(mask("No answer from ElevateAI at " + host + " to GET "
                        + request.getPath() + " (" + reason + "): a read, safe to repeat"), 0, null, cause);
            };
        }
        String pool = " (all " + transport.settings().poolSize() + " connections in use)";
        if (cause instanceof ConnectionRequestTimeoutException) {
            return new ElevateAiConnectionException("No free connection to " + host + " within "
                    + transport.settings().connectTimeout() + pool + ": the request was not sent", cause);
        }
        if (cause.getCause() instanceof InterruptedException) {
            // the client leaves the thread's interrupt set for whoever interrupted it
            return new ElevateAiConnectionException("Interrupted while waiting for a free connection to " + host + pool
                    + ": the request was not sent", cause);
        }
        return new ElevateAiConnectionException(mask("Could not connect to ElevateAI at " + host + " (" + reason
                + "): the request was not sent"), cause);
    }

    /**
     * The API's {@code errorMessage}, or else the body's text, with the token masked before it is cut to
     * {@value #MAX_ERROR_TEXT} characters: cut first, a token across the cut would leave its first characters behind.
     */
    private String errorMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = null;
        try {
            text = ERROR_RESPONSE.<ErrorResponse> readValue(body).errorMessage();
        } catch (IOException | RuntimeException e) {
            // not the documented error body: its text is taken below
        }
        String masked = mask(text != null ? text : new String(body, StandardCharsets.UTF_8).strip());
        return masked.length() > MAX_ERROR_TEXT ? masked.substring(0, MAX_ERROR_TEXT) + "..." : masked;
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String header) {
        return Optional.ofNullable(header).flatMap(value -> {
            String trimmed = value.trim();
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime when = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException notADate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** The API or a proxy could echo the token back; it must not travel on in a message. */
    private String mask(String text) {
        return text == null || apiToken == null || apiToken.isEmpty() ? text : text.replace(apiToken, MASK);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public URI interactionsUri() {
        return interactionsUri;
    }

    @Override
    public String toString() {
        return "ElevateAiClient[" + interactionsUri + "]";
    }
}
