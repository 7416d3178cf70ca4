package io.github.camelelevateai.component;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log line at every level while open, from SLF4J (through Log4j) and from java.util.logging (where the JDK's own
 * HTTP client and server log), each with its stack trace.
 */
public final class LogCapture implements AutoCloseable {

    private static final String NAME = "capture-all";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = context.getConfiguration().getRootLogger();
    private final Level previousLevel = root.getLevel();
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final java.util.logging.Level previousJulLevel = julRoot.getLevel();
    private final AbstractAppender appender;
    private final Handler julHandler;

    public LogCapture() {
        appender = new AbstractAppender(NAME, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage(),
                        event.getThrown());
            }
        };
        appender.start();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.ALL);
        context.updateLoggers();

        julHandler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                add(record.getLevel() + " " + record.getLoggerName() + " "
                        + new java.util.logging.SimpleFormatter().formatMessage(record),
                        record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julHandler.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(julHandler);
        julRoot.setLevel(java.util.logging.Level.ALL);
    }

    private void add(String line, Throwable thrown) {
        lines.add(line);
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            lines.add(trace.toString());
        }
    }

    /** Each line starts with its level and logger name: {@code DEBUG org.apache.camel.Foo message}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.removeAppender(NAME);
        root.setLevel(previousLevel);
        context.updateLoggers();
        appender.stop();
        julRoot.removeHandler(julHandler);
        julRoot.setLevel(previousJulLevel);
    }
}
