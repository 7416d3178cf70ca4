package io.github.camelelevateai.routes;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/**
 * A chat's {@code JMSReplyTo} as text, {@code queue:<name>} or {@code topic:<name>} (camel-jms's own spelling), carried
 * on its declare result in header {@value #HEADER}, so that the results route (jms-results.yaml) can send the analysis
 * there too. The result itself goes out without a {@code JMSReplyTo}: a consumer of the results queue would otherwise
 * answer the chat's producer with whatever it makes of the result.
 */
public final class JmsReplyToName {

    public static final String HEADER = "elevateaiReplyTo";

    private JmsReplyToName() {
    }

    /** @return null when the chat had no JMSReplyTo (or one of no JMS kind: the analysis queue alone gets it) */
    public static String of(Object replyTo) throws JMSException {
        if (replyTo instanceof Queue queue) {
            return "queue:" + queue.getQueueName();
        }
        if (replyTo instanceof Topic topic) {
            return "topic:" + topic.getTopicName();
        }
        // a JMSReplyTo given as text is already in that spelling; a Destination of no JMS kind cannot be named
        return replyTo instanceof String name ? name : null;
    }
}
