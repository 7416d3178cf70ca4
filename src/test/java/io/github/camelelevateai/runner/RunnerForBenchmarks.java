package io.github.camelelevateai.runner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * The runner, started and stopped from the benchmark harness (another package), quietly, with a count of the chats
 * finished (done or set aside) that costs nothing to read, unlike listing a folder of 10,000 files.
 */
public final class RunnerForBenchmarks {

    private final ElevateAiRunner runner = new ElevateAiRunner(new PrintStream(OutputStream.nullOutputStream()));
    private final LongAdder completed = new LongAdder();

    private RunnerForBenchmarks() {
    }

    public static RunnerForBenchmarks start(String route, Map<String, String> properties) throws Exception {
        RunnerForBenchmarks started = new RunnerForBenchmarks();
        started.runner.main().addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                main.getCamelContext().getManagementStrategy().addEventNotifier(started.new Counter());
            }
        });
        started.runner.start(List.of(route), properties);
        return started;
    }

    /** Exchanges that came from a consumer (a chat file) and finished, either way. */
    public long completed() {
        return completed.sum();
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
                completed.increment();
            }
        }
    }
}
