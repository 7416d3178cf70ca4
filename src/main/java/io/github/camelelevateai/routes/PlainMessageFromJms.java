package io.github.camelelevateai.routes;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultMessage;

/**
 * Carries the chat on as a plain Camel message (its body, headers and message id), no longer as camel-jms's
 * {@code JmsMessage}. Every copy of a {@code JmsMessage}, which Camel makes of the exchange before each attempt of a step
 * it may redeliver (the declare), throws and catches a NullPointerException inside camel-jms (4.18: the copy starts
 * without a JMS message and reads its redelivery flag), and filling that exception's stack trace costs more than the
 * rest of the copy. What is sent on from the route is made from the headers either way.
 */
public final class PlainMessageFromJms implements Processor {

    @Override
    public void process(Exchange exchange) {
        DefaultMessage plain = new DefaultMessage(exchange);
        plain.copyFrom(exchange.getIn());
        exchange.setIn(plain);
    }
}
