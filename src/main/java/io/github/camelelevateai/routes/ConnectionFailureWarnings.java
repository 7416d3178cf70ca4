package io.github.camelelevateai.routes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.camelelevateai.component.Quoted;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poll strategy for the SFTP route: a server that cannot be reached or logged in to (its host key refused, a wrong
 * password) is said plainly at WARN, at the first failed poll and then again every {@code repeatEvery} while it lasts,
 * with how many polls failed. Camel's consumer says it once, as a failure to create the folder, and then never again
 * (or, told to throw, with a stack trace at every poll). As the consumer's exception handler too, it keeps a failed poll
 * it has reported out of the log and hands every other failure on, with its stack trace, as Camel would.
 */
public class ConnectionFailureWarnings implements PollingConsumerPollStrategy, ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.camelelevateai.routes");

    private final Duration repeatEvery;
    private final Clock clock;
    private Instant lastWarned;
    private long failedSinceWarned;
    /** The failed poll reported last: Camel hands it to the exception handler right after the rollback. */
    private Throwable reported;

    public ConnectionFailureWarnings(long repeatEveryMillis) {
        this(Duration.ofMillis(repeatEveryMillis), Clock.systemUTC());
    }

    ConnectionFailureWarnings(Duration repeatEvery, Clock clock) {
        this.repeatEvery = repeatEvery;
        this.clock = clock;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public synchronized void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (lastWarned != null) {
            LOG.warn("the source {} answers again", safe(endpoint));
        }
        lastWarned = null;
        failedSinceWarned = 0;
    }

    @Override
    public synchronized boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failedSinceWarned++;
        reported = cause;
        Instant now = clock.instant();
        if (lastWarned == null || !now.isBefore(lastWarned.plus(repeatEvery))) {
            LOG.warn("cannot poll {} ({} failed polls{}): {}. Its chats wait there until this is fixed.", safe(endpoint),
                    failedSinceWarned, lastWarned == null ? "" : " since the last warning", Quoted.escape(causeOf(cause)));
            lastWarned = now;
            failedSinceWarned = 0;
        }
        return false;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public synchronized void handleException(String message, Exchange exchange, Throwable exception) {
        if (exception != null && exception == reported) {
            return;
        }
        LOG.warn(message != null ? message : "failure in a consumer", exception);
    }

    /** The endpoint's address without its query, which may hold a password. */
    private static String safe(Endpoint endpoint) {
        String uri = endpoint.getEndpointBaseUri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    /** The deepest cause says what went wrong (the host key refused, the login denied), not the wrapping. */
    private static String causeOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String said = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == failure ? said : failure.getMessage() + ": " + said;
    }
}
