package io.github.camelelevateai.component;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.camelelevateai.sandbox.Fault;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every answer and failure of the API becomes a typed exception a route can match, and only the failures that cannot
 * declare a chat twice are retried.
 */
class ErrorMappingTest extends ElevateAiTestSupport {

    @Override
    protected void moreRoutes(RouteBuilder routes) {
        routes.from("direct:guarded").routeId("guarded")
                .onException(ElevateAiRateLimitException.class).handled(true)
                    .setHeader("reason", routes.simple("${exception.httpResponseCode} ${exception.retryAfter}"))
                    .to("mock:rateLimited").end()
                .onException(ElevateAiOutcomeUnknownException.class).handled(true)
                    .to("mock:outcomeUnknown").end()
                .to("elevateai:declareChat?maxRetries=0")
                .to("mock:declared");
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailureWithTheApisMessage() {
        Exchange result = template.send("elevateai:declareChat?apiToken=RAW(not-the-token)",
                exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(result.getException()).isInstanceOf(ElevateAiAuthenticationException.class);
        ElevateAiAuthenticationException failure = (ElevateAiAuthenticationException) result.getException();
        assertThat(failure.getHttpResponseCode()).isEqualTo(401);
        assertThat(failure.getErrorMessage()).isEqualTo("A valid X-API-Token header is required.");
        assertThat(failure.getMessage()).contains("401", "A valid X-API-Token header is required.");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsABadRequestWithTheApisMessage() {
        // the component checks everything the sandbox checks, so the sandbox's 400 is scripted here
        sandbox().failNext(1, 400);

        Exchange result = declare(chatJson());

        assertThat(result.getException()).isInstanceOf(ElevateAiBadRequestException.class);
        ElevateAiException failure = (ElevateAiException) result.getException();
        assertThat(failure.getHttpResponseCode()).isEqualTo(400);
        assertThat(failure.getHttpResponseStatus()).isEqualTo("400");
        assertThat(failure.getErrorMessage()).isEqualTo("The service failed (status 400).");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.isOutcomeUnknown()).isFalse();
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void theSandboxAndTheComponentAgreeOnTheVertical() {
        Exchange refusedHere = declare(chatJson(), Map.of(ElevateAiConstants.VERTICAL, "banking"));

        assertThat(refusedHere.getException()).isInstanceOf(ChatValidationException.class)
                .hasMessage("header CamelElevateAiVertical 'banking' is not a vertical the API takes:"
                        + " its documentation names only 'default'");
        assertThat(sandbox().requestCount()).isZero();

        Exchange declared = declare(chatJson(), Map.of(ElevateAiConstants.VERTICAL, "default"));
        assertThat(declared.getException()).isNull();
        assertThat(sandbox().declaredCount()).isEqualTo(1);
    }

    /**
     * Pool of one, a declare holding it for a while, a second one waiting for it: interrupted while it waits, the second
     * was never sent, and says so.
     */
    @Test
    void anInterruptWhileWaitingForAPoolSlotIsNotSentAndKeepsTheInterrupt() throws Exception {
        sandbox().latency(Duration.ofSeconds(3));
        String endpoint = "elevateai:declareChat?poolSize=1&connectTimeout=60000";
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Exchange> holder = callers.submit(() -> template.send(endpoint,
                    exchange -> exchange.getMessage().setBody(chatJson())));
            await().atMost(Duration.ofSeconds(20)).until(() -> sandbox().requestCount() == 1);

            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<Object[]> waiting = callers.submit(() -> {
                waiter.set(Thread.currentThread());
                Exchange result = template.send(endpoint, exchange -> exchange.getMessage().setBody(chatJson()));
                return new Object[] { result, Thread.currentThread().isInterrupted() };
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> waiter.get() != null
                    && waiter.get().getState() == Thread.State.TIMED_WAITING
                    && waitsIn(waiter.get(), "org.apache.hc.core5.concurrent.BasicFuture")
                    && waitsIn(waiter.get(), "io.github.camelelevateai.component.client.HttpTransport"));
            waiter.get().interrupt();

            Object[] outcome = waiting.get(20, TimeUnit.SECONDS);
            Exchange result = (Exchange) outcome[0];
            assertThat(result.getException()).isInstanceOf(ElevateAiConnectionException.class)
                    .hasMessageContaining("Interrupted while waiting for a free connection")
                    .hasMessageContaining("the request was not sent");
            ElevateAiException failure = (ElevateAiException) result.getException();
            assertThat(failure.isOutcomeUnknown()).isFalse();
            assertThat(outcome[1]).as("the interrupt is kept for whoever interrupted").isEqualTo(true);

            assertThat(holder.get(20, TimeUnit.SECONDS).getException()).isNull();
            // nothing sent for the interrupted one, not even a retry later
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> sandbox().requestCount() == 1);
            assertThat(sandbox().declaredCount()).isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
    }

    private static boolean waitsIn(Thread thread, String className) {
        return Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getClassName().equals(className));
    }

    @Test
    void aWrongBaseUrlIsNotFound() {
        Exchange result = template.send("elevateai:declareChat?baseUrl=" + sandbox().baseUrl() + "/v2",
                exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(result.getException()).isInstanceOf(ElevateAiNotFoundException.class);
        assertThat(((ElevateAiException) result.getException()).getHttpResponseCode()).isEqualTo(404);
    }

    @Test
    void a429IsRetriedAfterTheRetryAfterItGives() {
        sandbox().rateLimitNext(1, Duration.ofSeconds(1));
        long start = System.nanoTime();

        Exchange result = declare(chatJson());

        assertThat(result.getException()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(result.getMessage().getHeader(ElevateAiConstants.RETRIES)).isEqualTo(1);
        assertThat(sandbox().requestCount()).isEqualTo(2);
        assertThat(sandbox().declaredCount()).isEqualTo(1);
    }

    @Test
    void a429WithoutRetryAfterBacksOffAndGivesUpAtTheBound() {
        sandbox().rateLimitNext(10, null);

        Exchange result = declare(chatJson());

        assertThat(result.getException()).isInstanceOf(ElevateAiRateLimitException.class)
                .hasMessageContaining("after 3 retries");
        ElevateAiRateLimitException failure = (ElevateAiRateLimitException) result.getException();
        assertThat(failure.getHttpResponseCode()).isEqualTo(429);
        assertThat(failure.getRetryAfter()).isNull();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(sandbox().requestCount()).as("the first try and maxRetries=3 retries").isEqualTo(4);
        assertThat(sandbox().declaredCount()).isZero();
    }

    @Test
    void aRetryAfterBeyondTheLongestWaitGoesStraightToTheRoute() throws Exception {
        sandbox().rateLimitNext(1, Duration.ofSeconds(3600));
        MockEndpoint rateLimited = getMockEndpoint("mock:rateLimited");
        rateLimited.expectedHeaderReceived("reason", "429 PT1H");

        template.sendBody("direct:guarded", chatJson());

        rateLimited.assertIsSatisfied();
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsNotRetriedSinceTheChatMayHaveBeenDeclared() {
        sandbox().failNext(1, 500);

        Exchange result = declare(chatJson());

        assertThat(result.getException()).isInstanceOf(ElevateAiServerException.class);
        ElevateAiServerException failure = (ElevateAiServerException) result.getException();
        assertThat(failure.getHttpResponseCode()).isEqualTo(500);
        assertThat(failure.isOutcomeUnknown()).isTrue();
        assertThat(failure.isRetryable()).isFalse();
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void a503IsRetryableButLeftToTheRoute() {
        sandbox().failNext(1, 503);

        Exchange result = declare(chatJson());

        ElevateAiServerException failure = (ElevateAiServerException) result.getException();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.isOutcomeUnknown()).isFalse();
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionAfterSendingHasAnUnknownOutcomeAndIsNotRetried() throws Exception {
        sandbox().dropNext(2);
        MockEndpoint outcomeUnknown = getMockEndpoint("mock:outcomeUnknown");
        outcomeUnknown.expectedMessageCount(1);

        Exchange result = declare(chatJson());
        template.sendBody("direct:guarded", chatJson());

        assertThat(result.getException()).isInstanceOf(ElevateAiOutcomeUnknownException.class)
                .hasMessageContaining("may or may not have been declared");
        ElevateAiException failure = (ElevateAiException) result.getException();
        assertThat(failure.isOutcomeUnknown()).isTrue();
        assertThat(failure.isRetryable()).isFalse();
        assertThat(sandbox().requestCount()).as("each sent once, never again").isEqualTo(2);
        getMockEndpoint("mock:declared").expectedMessageCount(0);
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aRequestTimeoutReachesTheSocketAndHasAnUnknownOutcome() {
        sandbox().latency(Duration.ofSeconds(3));
        long start = System.nanoTime();

        Exchange result = template.send("elevateai:declareChat?requestTimeout=300",
                exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(result.getException()).isInstanceOf(ElevateAiOutcomeUnknownException.class)
                .hasMessageContaining("SocketTimeoutException");
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    @Test
    void aConnectionThatNeverOpensIsRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Exchange result = template.send("elevateai:declareChat?maxRetries=2&baseUrl=http://127.0.0.1:" + closedPort + "/v1",
                exchange -> exchange.getMessage().setBody(chatJson()));

        assertThat(result.getException()).isInstanceOf(ElevateAiConnectionException.class)
                .hasMessageContaining("the request was not sent");
        assertThat(((ElevateAiException) result.getException()).isRetryable()).isTrue();
        assertThat(sandbox().requestCount()).isZero();
    }

    @Test
    void theWholeFamilyCanBeMatchedByStatus() {
        sandbox().failNext(1, 502);

        Exchange result = declare(chatJson());

        assertThat(result.getException()).isInstanceOf(ElevateAiException.class)
                .isInstanceOf(org.apache.camel.spi.HttpResponseAware.class);
        assertThat(((org.apache.camel.spi.HttpResponseAware) result.getException()).getHttpResponseCode())
                .isEqualTo(502);
    }

    @Test
    void aTokenEchoedAcrossTheCutOfALongErrorBodyLeavesNoCharacterOfIt() {
        String token = sandbox().apiToken();
        sandbox().faultNext(Fault.status(502, "x".repeat(490) + token + "y".repeat(200)));

        Exchange result = declare(chatJson());

        ElevateAiException failure = result.getException(ElevateAiException.class);
        assertThat(failure.getMessage()).contains("xxx******").doesNotContain(token.substring(0, 4));
        assertThat(failure.getErrorMessage()).doesNotContain(token.substring(0, 4));
    }

    /**
     * A success answer is taken only with a top-level string identifier in one JSON object: anything else means the
     * chat was probably declared but cannot be followed up, never a declare without an identifier.
     */
    @Test
    void aSuccessAnswerWithoutATopLevelStringIdentifierHasAnUnknownOutcome() {
        for (String body : new String[] { "", "not json", "[]", "\"id-1\"", "{}", "{\"interactionIdentifier\": 42}",
                "{\"interactionIdentifier\": null}", "{\"interactionIdentifier\": \"  \"}",
                "{\"answer\": {\"interactionIdentifier\": \"nested\"}}",
                "{\"interactionIdentifier\": \"a\", \"interactionIdentifier\": \"b\"}",
                "{\"interactionIdentifier\": \"a\"} {}", "{\"interactionIdentifier\": \"a\"" }) {
            sandbox().faultNext(Fault.status(201, body));

            Exchange result = declare(chatJson());

            assertThat(result.getException()).as(body).isInstanceOf(ElevateAiOutcomeUnknownException.class)
                    .hasMessageContaining("without an interactionIdentifier");
        }
        sandbox().faultNext(Fault.status(201,
                "{\"meta\": {\"interactionIdentifier\": \"nested\", \"list\": [1, {\"a\": []}]},"
                + " \"interactionIdentifier\": \"id-1\", \"more\": [\"x\"]}"));

        Exchange declared = declare(chatJson());

        assertThat(declared.getException()).isNull();
        assertThat(declared.getMessage().getHeader(ElevateAiConstants.INTERACTION_IDENTIFIER)).isEqualTo("id-1");
    }
}
