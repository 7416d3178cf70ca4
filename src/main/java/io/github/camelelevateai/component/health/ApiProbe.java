package io.github.camelelevateai.component.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.github.camelelevateai.component.ElevateAiAuthenticationException;
import io.github.camelelevateai.component.ElevateAiConfiguration;
import io.github.camelelevateai.component.ElevateAiException;
import io.github.camelelevateai.component.ElevateAiNotFoundException;
import io.github.camelelevateai.component.ElevateAiRateLimitException;
import io.github.camelelevateai.component.client.ElevateAiClient;
import io.github.camelelevateai.component.client.InteractionCall;

/**
 * Whether the ElevateAI API answers and takes the token, found by asking the status of an interaction that cannot
 * exist: a read, which costs no quota. 404 means reachable and the token accepted; 401 or 403, the token refused; no
 * answer or a 5xx, the API out of reach. Asked at most once an interval, however many checks and callers ask: between
 * probes, and while one is under way, the last answer is given. One per API, token and settings, shared by the health
 * checks of every producer that uses them. Its requests go around the status pacing of real interactions and are not
 * counted in the component's metrics.
 */
public final class ApiProbe {

    /** The nil UUID: a well-formed identifier that the API never gives an interaction. */
    public static final String NO_SUCH_INTERACTION = "00000000-0000-0000-0000-000000000000";

    private final ElevateAiClient client;
    private final String baseUrl;
    private final long intervalNanos;
    private final ReentrantLock probing = new ReentrantLock();
    private final AtomicLong requests = new AtomicLong();
    private volatile Answer last;
    private volatile long lastAt;

    /**
     * What the last probe found.
     *
     * @param httpStatus the API's answer, 0 when none came
     */
    public record Answer(boolean up, String message, int httpStatus) {
    }

    /** @param client sends once, without retries, and observes nothing */
    public ApiProbe(ElevateAiClient client, String baseUrl, Duration interval) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.intervalNanos = interval.toNanos();
    }

    /** The last answer while it is younger than the interval; else a new one, unless another caller is getting it. */
    public Answer answer() {
        Answer known = last;
        if (known != null && fresh()) {
            return known;
        }
        if (known == null) {
            // the first answer: every caller waits for it
            probing.lock();
        } else if (!probing.tryLock()) {
            return known;
        }
        try {
            if (last != null && fresh()) {
                return last;
            }
            Answer answer = probe();
            lastAt = System.nanoTime();
            last = answer;
            return answer;
        } finally {
            probing.unlock();
        }
    }

    private boolean fresh() {
        return System.nanoTime() - lastAt < intervalNanos;
    }

    /** How many requests this probe has sent. */
    public long requestCount() {
        return requests.get();
    }

    public String baseUrl() {
        return baseUrl;
    }

    private Answer probe() {
        requests.incrementAndGet();
        try {
            int status = client.call(InteractionCall.GET_STATUS, NO_SUCH_INTERACTION).httpStatus();
            return new Answer(true, "ElevateAI at " + baseUrl + " answers and did not refuse the API token (it answered"
                    + " " + status + " about an interaction that cannot exist)", status);
        } catch (ElevateAiNotFoundException expected) {
            return new Answer(true, "ElevateAI at " + baseUrl + " answers and accepts the API token", 404);
        } catch (ElevateAiAuthenticationException refused) {
            // the client's message masks the token, should the API echo it
            return new Answer(false, "ElevateAI refused the API token: check "
                    + ElevateAiConfiguration.API_TOKEN_VARIABLE + " or the apiToken option (" + refused.getMessage() + ")", refused.getHttpResponseCode());
        } catch (ElevateAiRateLimitException slowDown) {
            return new Answer(true, "ElevateAI at " + baseUrl + " answers, and asks for fewer requests (429)", 429);
        } catch (ElevateAiException failure) {
            int status = failure.getHttpResponseCode();
            if (status >= 400 && status < 500) {
                return new Answer(true, "ElevateAI at " + baseUrl + " answers and did not refuse the API token ("
                        + failure.getMessage() + ")", status);
            }
            return new Answer(false, (status == 0 ? "ElevateAI could not be reached: "
                    : "ElevateAI answers with an error: ") + failure.getMessage(), status);
        } catch (RuntimeException unforeseen) {
            // only the type: an unforeseen message is not known to be free of anything secret
            return new Answer(false, "ElevateAI at " + baseUrl + " could not be asked (" + unforeseen.getClass()
                    .getSimpleName() + ")", 0);
        }
    }
}
