package io.github.camelelevateai.component.chat;

/**
 * The declare settings that are not part of the chat itself. Used for the endpoint's defaults and for a message's
 * header overrides; a null field means "not set here".
 */
public record ChatSettings(String languageTag, String vertical) {

    public static final ChatSettings NONE = new ChatSettings(null, null);
}
