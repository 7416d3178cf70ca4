package io.github.camelelevateai.component.chat;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.camelelevateai.component.model.Chat;
import io.github.camelelevateai.component.model.Message;
import io.github.camelelevateai.component.model.Participant;

/**
 * What a body may hold, read in one pass: either a whole declare request ({@code type}, {@code languageTag},
 * {@code vertical}, {@code chat}) or the chat alone ({@code participants}, {@code messages}). Unknown fields are dropped
 * here, so they never reach the wire.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatInput(
        @JsonProperty("type") String type,
        @JsonProperty("languageTag") String languageTag,
        @JsonProperty("vertical") String vertical,
        @JsonProperty("chat") Chat chat,
        @JsonProperty("participants") List<Participant> participants,
        @JsonProperty("messages") List<Message> messages) {

    static ChatInput ofChat(Chat chat) {
        return new ChatInput(null, null, null, null, chat.participants(), chat.messages());
    }

    boolean isWholeRequest() {
        return chat != null;
    }

    Chat theChat() {
        return isWholeRequest() ? chat : new Chat(participants, messages);
    }

    /** Where the chat's fields sit in the body, so that errors name them as the user wrote them. */
    String chatPath() {
        return isWholeRequest() ? "chat." : "";
    }
}
