package io.github.camelelevateai.routes;

import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Removes the headers whose names a JMS message cannot carry as properties (a STOMP or AMQP producer may use any name),
 * so that sending the chat's answers on does not fail, and roll the chat back, for every one of them. JMS allows Java
 * identifiers that are not words of its selector syntax; Camel spells '-' and '.' in a name as _HYPHEN_ and _DOT_, so
 * those are allowed too.
 * <p>
 * Camel's {@code removeHeaders} step would do the same with this pattern as text, but compiles it again for every
 * header of every message.
 */
public final class UncarriableJmsHeaders implements Processor {

    static final Pattern UNCARRIABLE = Pattern.compile("(?i)(?:NULL|TRUE|FALSE|NOT|AND|OR|BETWEEN|LIKE|IN|IS|ESCAPE)"
                                                       + "|(?![\\p{javaJavaIdentifierStart}.-]"
                                                       + "[\\p{javaJavaIdentifierPart}.-]*$).*");

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().getHeaders().keySet().removeIf(name -> UNCARRIABLE.matcher(name).matches());
    }
}
