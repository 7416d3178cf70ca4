package io.github.camelelevateai.component.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code GET /interactions/{id}/transcript}: phrase by phrase, for all participants and for each of the
 * two. Made for audio interactions; kept as JSON below the top level, which the docs do not detail.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Transcript(
        @JsonProperty("allParticipants") JsonNode allParticipants,
        @JsonProperty("participantOne") JsonNode participantOne,
        @JsonProperty("participantTwo") JsonNode participantTwo,
        @JsonProperty("redactionSegments") List<JsonNode> redactionSegments) {
}
