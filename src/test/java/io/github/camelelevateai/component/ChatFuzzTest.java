package io.github.camelelevateai.component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Thousands of generated bad chats through {@code elevateai:declareChat} against the sandbox: every one is refused with
 * a {@link ChatValidationException} that names a field or speaks of the body, on one line, short, without the JSON
 * parser's internals, and not one request reaches the sandbox.
 * <p>
 * Seeded: the seed is in every assertion's message. Replay with {@code -Delevateai.fuzz.seed=<seed>}; run more with
 * {@code -Delevateai.fuzz.count=<n>}.
 */
class ChatFuzzTest extends ElevateAiTestSupport {

    private static final long SEED = Long.getLong("elevateai.fuzz.seed", new Random().nextLong());
    private static final int COUNT = Integer.getInteger("elevateai.fuzz.count", 2_000);
    private static final Duration ONE_CASE = Duration.ofSeconds(10);

    @Test
    void everyBadChatIsRefusedWithAReasonAndNoRequest() {
        String replay = "seed " + SEED + " (replay with -Delevateai.fuzz.seed=" + SEED + ")";
        Map<BadChats.Kind, Integer> perKind = new EnumMap<>(BadChats.Kind.class);
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            Random random = new Random(SEED);
            for (int i = 0; i < COUNT; i++) {
                BadChats.Case generated;
                try {
                    generated = BadChats.generate(random, i);
                } catch (RuntimeException e) {
                    throw new AssertionError("generating case " + i + " failed, " + replay, e);
                }
                perKind.merge(generated.kind(), 1, Integer::sum);
                check(generated, replay + ", case " + i);
            }
        }, () -> "a case hung: " + replay);

        assertThat(sandbox().requestCount()).as("requests for invalid chats, " + replay).isZero();
        if (COUNT >= BadChats.FIVE_MB_EVERY) {
            assertThat(perKind).as("every kind generated, " + replay).hasSize(BadChats.Kind.values().length);
        }
        System.out.printf("ChatFuzzTest: %d bad chats refused in %d ms, none sent (%s; %s)%n", COUNT,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), perKind, replay);

        // the sandbox was reachable all along: a valid chat still gets through
        assertThat(declare(chatJson()).getException()).isNull();
        assertThat(sandbox().requestCount()).isEqualTo(1);
    }

    private void check(BadChats.Case generated, String where) {
        String about = where + ": " + generated.kind() + " as " + generated.body().getClass().getSimpleName() + ", "
                       + generated.what();
        long start = System.nanoTime();
        Exchange result = declare(generated.body());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time taken by " + about).isLessThan(ONE_CASE);

        Exception failure = result.getException();
        assertThat(failure).as(about).isExactlyInstanceOf(ChatValidationException.class);
        ChatValidationException refused = (ChatValidationException) failure;
        String message = refused.getMessage();
        // the length first: AssertJ would take minutes to print a 5 MB message in a failure
        assertThat(message.length()).as("length of the message, " + about).isBetween(1, 2_100);
        assertThat(!refused.getField().isEmpty() || message.startsWith("body "))
                .as("a field or the body is named: " + message + " (" + about + ")").isTrue();
        assertThat(Quoted.escape(message)).as("no raw control character, line break or bidi control (" + about + ")")
                .isEqualTo(message);
        assertThat(message).as(about).doesNotContain("Source:", "REDACTED", "StreamReadFeature", "start marker");
        assertThat(refused.isRetryable()).as(about).isFalse();
        assertThat(sandbox().requestCount()).as("a request was sent for " + about).isZero();
    }

}
