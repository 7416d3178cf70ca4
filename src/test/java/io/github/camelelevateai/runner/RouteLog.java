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
 * The lines of one part of the log while open, and nothing else, so that a long run is not slowed down by every other
 * logger: by default the routes' own line per chat ({@code io.github.camelelevateai.routes} at INFO and above).
 */
final class RouteLog implements AutoCloseable {

    private static final String ROUTES = "io.github.camelelevateai.routes";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig config;
    private final AbstractAppender appender;
    /** Whether the logger config is this capture's own, to be removed at close, or the root's, to be left. */
    private final boolean own;

    RouteLog() {
        this(new LoggerConfig(ROUTES, Level.INFO, true), Level.INFO, true, false);
    }

    /** Every ERROR line of any logger, with its logger's name. */
    static RouteLog errors() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        return new RouteLog(context.getConfiguration().getRootLogger(), Level.ERROR, false, true);
    }

    private RouteLog(LoggerConfig config, Level level, boolean own, boolean withLoggerName) {
        this.config = config;
        this.own = own;
        appender = new AbstractAppender("route-log", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String message = event.getMessage().getFormattedMessage();
                lines.add(withLoggerName ? event.getLoggerName() + " " + message : message);
            }
        };
        appender.start();
        config.addAppender(appender, level, null);
        if (own) {
            context.getConfiguration().addLogger(ROUTES, config);
        }
        context.updateLoggers();
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        if (own) {
            context.getConfiguration().removeLogger(config.getName());
        } else {
            config.removeAppender(appender.getName());
        }
        context.updateLoggers();
        appender.stop();
    }
}
