package io.github.camelelevateai.runner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The routes' own line per chat ({@code io.github.camelelevateai.routes} at INFO and above) while open, and nothing
 * else, so that a long run is not slowed down by every other logger.
 */
final class RouteLog implements AutoCloseable {

    private static final String LOGGER = "io.github.camelelevateai.routes";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig config;
    private final AbstractAppender appender;

    RouteLog() {
        appender = new AbstractAppender("route-log", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        config = new LoggerConfig(LOGGER, Level.INFO, true);
        config.addAppender(appender, Level.INFO, null);
        context.getConfiguration().addLogger(LOGGER, config);
        context.updateLoggers();
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(LOGGER);
        context.updateLoggers();
        appender.stop();
    }
}
