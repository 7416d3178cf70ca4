package io.github.camelelevateai.component.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A chat transcript: who took part and what they wrote, both in order. A valid body for {@code elevateai:declareChat}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "participants", "messages" })
public record Chat(
        @JsonProperty("participants") List<Participant> participants,
        @JsonProperty("messages") List<Message> messages) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Participant> participants = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();

        private Builder() {
        }

        public Builder participant(Participant participant) {
            participants.add(participant);
            return this;
        }

        public Builder agent(String participantId, String name) {
            return participant(Participant.agent(participantId, name));
        }

        public Builder customer(String participantId, String name) {
            return participant(Participant.customer(participantId, name));
        }

        public Builder message(Message message) {
            messages.add(message);
            return this;
        }

        public Builder message(String participantId, Instant timestamp, String content) {
            return message(Message.of(participantId, timestamp, content));
        }

        public Chat build() {
            return new Chat(List.copyOf(participants), List.copyOf(messages));
        }
    }
}
