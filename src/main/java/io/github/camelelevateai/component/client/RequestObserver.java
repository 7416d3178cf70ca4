package io.github.camelelevateai.component.client;

import io.github.camelelevateai.component.ElevateAiException;

/**
 * Told about each request {@link ElevateAiClient} sends for one operation, and each retry it makes: what metrics are
 * made of. Told nothing that identifies a chat or carries the token.
 */
public interface RequestObserver {

    /** Observes nothing. */
    RequestObserver NONE = new RequestObserver() {
        @Override
        public Sending sending() {
            return Sending.NONE;
        }

        @Override
        public void retrying(ElevateAiException failure) {
        }
    };

    /** A request is about to be sent; the answer tells it how it ended, exactly once. */
    Sending sending();

    /** The client is about to try again after this failure, having waited as the retry policy said. */
    void retrying(ElevateAiException failure);

    /** One request on its way. */
    interface Sending {

        Sending NONE = new Sending() {
            @Override
            public void answered(int status) {
            }

            @Override
            public void unanswered() {
            }
        };

        /** The API answered with this HTTP status. */
        void answered(int status);

        /** No answer came: the connection failed, or the answer did not come in time. */
        void unanswered();
    }
}
