package io.github.camelelevateai.runner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.RouteController;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * The runner, started and stopped from the benchmark harness (another package), quietly, with a wait for the chats
 * to finish (done or set aside) that costs nothing, unlike listing a folder of 10,000 files.
 */
public final class RunnerForBenchmarks {

    private final ElevateAiRunner runner = new ElevateAiRunner(new PrintStream(OutputStream.nullOutputStream()));
    private final long expected;
    private final CountDownLatch completed;

    private RunnerForBenchmarks(int expected) {
        this.expected = expected;
        this.completed = new CountDownLatch(expected);
    }

    /** @param expected how many chats the caller will wait for */
    public static RunnerForBenchmarks start(String route, Map<String, String> properties, int expected)
            throws Exception {
        RunnerForBenchmarks started = new RunnerForBenchmarks(expected);
        started.runner.main().addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                main.getCamelContext().getManagementStrategy().addEventNotifier(started.new Counter());
            }
        });
        started.runner.start(List.of(route), properties);
        return started;
    }

    /** Waits until the expected number of exchanges (chat files) have finished, either way. */
    public boolean awaitCompleted(Duration timeout) throws InterruptedException {
        return completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many exchanges have finished so far, up to the expected number. */
    public long completed() {
        return expected - completed.getCount();
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
                completed.countDown();
            }
        }
    }
}
