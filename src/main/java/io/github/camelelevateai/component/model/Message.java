package io.github.camelelevateai.component.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One message of a chat.
 *
 * @param participantId names one of the chat's participants
 * @param timestamp     ISO 8601 with an offset or {@code Z}; sent normalised to UTC
 * @param content       the text, sent byte for byte
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "participant_id", "timestamp", "content" })
public record Message(
        @JsonProperty("participant_id") @JsonAlias("participantId") String participantId,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("content") String content) {

    public static Message of(String participantId, Instant timestamp, String content) {
        return new Message(participantId, DateTimeFormatter.ISO_INSTANT.format(timestamp), content);
    }

    public static Message of(String participantId, OffsetDateTime timestamp, String content) {
        return of(participantId, timestamp.toInstant(), content);
    }
}
