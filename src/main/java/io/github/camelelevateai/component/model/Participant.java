package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One side of a chat. The API spells the id {@code participant_id}; {@code participantId} is accepted on input because
 * users' own exports often camelCase it.
 *
 * @param participantId unique within the chat
 * @param name          the display name
 * @param role          {@code agent}, {@code customer} or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "participant_id", "name", "role" })
public record Participant(
        @JsonProperty("participant_id") @JsonAlias("participantId") String participantId,
        @JsonProperty("name") String name,
        @JsonProperty("role") String role) {

    public static Participant agent(String participantId, String name) {
        return new Participant(participantId, name, ParticipantRole.AGENT.value());
    }

    public static Participant customer(String participantId, String name) {
        return new Participant(participantId, name, ParticipantRole.CUSTOMER.value());
    }

    /** A participant whose role is unknown: the API accepts {@code null}. */
    public static Participant withoutRole(String participantId, String name) {
        return new Participant(participantId, name, null);
    }
}
