package io.github.camelelevateai.runner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Route;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.RouteController;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.awaitility.Awaitility;

/**
 * The runner, started and stopped from the benchmark harness (another package), quietly, with a wait for the chats
 * to finish (done or set aside) that costs nothing, unlike listing a folder of 10,000 files. A chat file counts once
 * however many exchanges it was taken in: without a read lock, Camel's file consumer can list a file just as its
 * exchange ends and take it again, and that second exchange fails on a file that is gone.
 */
public final class RunnerForBenchmarks {

    private final ElevateAiRunner runner = new ElevateAiRunner(new PrintStream(OutputStream.nullOutputStream()));
    private final long expected;
    private final CountDownLatch completed;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final AtomicLong firstTaken = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastFinished = new AtomicLong();

    private RunnerForBenchmarks(int expected) {
        this.expected = expected;
        this.completed = new CountDownLatch(expected);
    }

    /** @param expected how many chats the caller will wait for */
    public static RunnerForBenchmarks start(String route, Map<String, String> properties, int expected)
            throws Exception {
        return start(List.of(route), properties, expected);
    }

    /** Several routes in one runner, as the runner's default file and results routes. */
    public static RunnerForBenchmarks start(List<String> routes, Map<String, String> properties, int expected)
            throws Exception {
        RunnerForBenchmarks started = new RunnerForBenchmarks(expected);
        started.runner.main().addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                main.getCamelContext().getManagementStrategy().addEventNotifier(started.new Counter());
            }
        });
        started.runner.start(routes, properties);
        return started;
    }

    /**
     * Waits until every polling consumer (the file route's) has polled once: Camel waits a second after a start before
     * its first poll, which a measure of the rate of a running route leaves out.
     */
    public void awaitPolling(Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> runner.main().getCamelContext().getRoutes().stream().map(Route::getConsumer)
                        .allMatch(consumer -> !(consumer instanceof ScheduledPollConsumer polling)
                                              || polling.isFirstPollDone()));
    }

    /** Waits until the expected number of exchanges (chat files) have finished, either way. */
    public boolean awaitCompleted(Duration timeout) throws InterruptedException {
        return completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many exchanges have finished so far, up to the expected number. */
    public long completed() {
        return expected - completed.getCount();
    }

    /**
     * From the first chat taken to the last one finished: the rate of a running route on a backlog, leaving out how
     * long the route took to notice it (up to a poll delay).
     */
    public Duration busy() {
        return Duration.ofMillis(lastFinished.get() - firstTaken.get());
    }

    /** Starts or stops one route: the source route of an instance taken into or out of a scaled-out group. */
    public void route(String routeId, boolean started) throws Exception {
        RouteController routes = runner.main().getCamelContext().getRouteController();
        if (started) {
            routes.startRoute(routeId);
        } else {
            routes.stopRoute(routeId);
        }
    }

    public void stop() throws Exception {
        runner.stop();
    }

    /** Chats analysed so far by the results route. */
    public long analysed() {
        return runner.analyses() == null ? 0 : runner.analyses().analysedCount();
    }

    private final class Counter extends EventNotifierSupport {
        Counter() {
            setIgnoreCamelContextEvents(true);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeSentEvents(true);
            setIgnoreExchangeSendingEvents(true);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreStepEvents(true);
        }

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                GenericFile<?> file = exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
                if (finished.add(file != null ? file.getAbsoluteFilePath() : exchange.getExchangeId())) {
                    firstTaken.accumulateAndGet(exchange.getClock().getCreated(), Math::min);
                    lastFinished.accumulateAndGet(System.currentTimeMillis(), Math::max);
                    completed.countDown();
                }
            }
        }
    }
}
