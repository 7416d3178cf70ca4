package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code GET /interactions/{id}/ai}: the CX AI results, for all participants and for each of the two.
 * Fields the API adds are ignored here; {@code resultFormat=json} keeps the answer exactly as it came.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AiResults(
        @JsonProperty("allParticipants") ParticipantAiResults allParticipants,
        @JsonProperty("participantOne") ParticipantAiResults participantOne,
        @JsonProperty("participantTwo") ParticipantAiResults participantTwo) {
}
