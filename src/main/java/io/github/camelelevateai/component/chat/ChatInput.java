package io.github.camelelevateai.component.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.camelelevateai.component.ChatValidationException;
import io.github.camelelevateai.component.Quoted;
import io.github.camelelevateai.component.model.Chat;
import io.github.camelelevateai.component.model.Message;
import io.github.camelelevateai.component.model.Participant;

/**
 * What a JSON body may hold, read in one pass: either a whole declare request ({@code type}, {@code languageTag},
 * {@code vertical}, {@code chat}) or the chat alone ({@code participants}, {@code messages}). Unknown fields are dropped
 * here, so they never reach the wire.
 * <p>
 * Participants and messages are read into records of their own rather than the model's, whose
 * {@code @JsonAlias("participantId")} would let Jackson keep the last of {@code participant_id} and
 * {@code participantId} when a body has both: two different values for one field are ambiguous, and are refused like a
 * key given twice (which the mapper's {@code STRICT_DUPLICATE_DETECTION} refuses). Both spellings with the same value,
 * as an export written for two readers may have, are one value.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ChatInput(
        @JsonProperty("type") String type,
        @JsonProperty("languageTag") String languageTag,
        @JsonProperty("vertical") String vertical,
        @JsonProperty("chat") ChatFields chat,
        @JsonProperty("participants") List<ParticipantFields> participants,
        @JsonProperty("messages") List<MessageFields> messages) {

    boolean isWholeRequest() {
        return chat != null;
    }

    /** Neither a chat's fields nor a chat: an empty object, or a declare request whose chat is missing or null. */
    boolean hasNoChat() {
        return chat == null && participants == null && messages == null;
    }

    /** A whole request with a chat's fields beside its chat: two chats, or one in two halves. */
    boolean hasChatFieldsBeside() {
        return participants != null || messages != null;
    }

    /** Says a declare request's settings, so that a missing chat is reported as such. */
    boolean looksLikeRequest() {
        return type != null || languageTag != null || vertical != null;
    }

    Chat theChat() {
        String path = chatPath();
        return isWholeRequest()
                ? new Chat(participants(chat.participants(), path), messages(chat.messages(), path))
                : new Chat(participants(participants, path), messages(messages, path));
    }

    /** Where the chat's fields sit in the body, so that errors name them as the user wrote them. */
    String chatPath() {
        return isWholeRequest() ? "chat." : "";
    }

    private static List<Participant> participants(List<ParticipantFields> fields, String path) {
        if (fields == null) {
            return null;
        }
        List<Participant> participants = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            ParticipantFields participant = fields.get(i);
            participants.add(participant == null ? null : new Participant(
                    id(participant.participantId(), participant.camelCaseId(), path + "participants", i),
                    participant.name(), participant.role()));
        }
        return participants;
    }

    private static List<Message> messages(List<MessageFields> fields, String path) {
        if (fields == null) {
            return null;
        }
        List<Message> messages = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            MessageFields message = fields.get(i);
            messages.add(message == null ? null : new Message(
                    id(message.participantId(), message.camelCaseId(), path + "messages", i),
                    message.timestamp(), message.content()));
        }
        return messages;
    }

    private static String id(String participantId, String camelCaseId, String path, int index) {
        if (participantId != null && camelCaseId != null && !participantId.equals(camelCaseId)) {
            throw new ChatValidationException(path + "[" + index + "]", "has participant_id "
                    + Quoted.quote(participantId) + " and participantId " + Quoted.quote(camelCaseId)
                    + ": two values for one field are ambiguous, keep one");
        }
        return participantId != null ? participantId : camelCaseId;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChatFields(
            @JsonProperty("participants") List<ParticipantFields> participants,
            @JsonProperty("messages") List<MessageFields> messages) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ParticipantFields(
            @JsonProperty("participant_id") String participantId,
            @JsonProperty("participantId") String camelCaseId,
            @JsonProperty("name") String name,
            @JsonProperty("role") String role) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MessageFields(
            @JsonProperty("participant_id") String participantId,
            @JsonProperty("participantId") String camelCaseId,
            @JsonProperty("timestamp") String timestamp,
            @JsonProperty("content") String content) {
    }
}
