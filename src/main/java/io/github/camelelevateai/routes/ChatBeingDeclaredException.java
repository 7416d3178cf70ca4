package io.github.camelelevateai.routes;

/**
 * An identical copy of the chat is being declared right now (by this instance, or by another one sharing the store),
 * so whether this one is done cannot be told yet. Nothing was sent: the shared declaring route redelivers the copy until the
 * first one's outcome is known, then answers it as a duplicate of a declared chat or sets it aside.
 */
public class ChatBeingDeclaredException extends RuntimeException {

    public ChatBeingDeclaredException(String message) {
        super(message);
    }
}
