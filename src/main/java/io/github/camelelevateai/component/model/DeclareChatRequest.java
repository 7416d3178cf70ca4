package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of {@code POST /interactions} for a chat, exactly as the API documents it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "type", "languageTag", "vertical", "chat" })
public record DeclareChatRequest(
        @JsonProperty("type") String type,
        @JsonProperty("languageTag") String languageTag,
        @JsonProperty("vertical") String vertical,
        @JsonProperty("chat") Chat chat) {

    public static final String TYPE_CHAT = "chat";

    public static DeclareChatRequest of(String languageTag, String vertical, Chat chat) {
        return new DeclareChatRequest(TYPE_CHAT, languageTag, vertical, chat);
    }
}
