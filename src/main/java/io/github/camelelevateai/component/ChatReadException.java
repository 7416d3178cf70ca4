package io.github.camelelevateai.component;

/**
 * The body could not be read (a stream or file that failed while it was read): the chat itself may be fine, and nothing
 * was sent, so nothing was declared. Trying again may succeed once the source is readable.
 */
public class ChatReadException extends ElevateAiException {

    private static final long serialVersionUID = 1L;

    public ChatReadException(String message, Throwable cause) {
        // the message of an I/O failure can quote a path or a remote server's words: kept on one line
        super(Quoted.escape(message), 0, null, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
