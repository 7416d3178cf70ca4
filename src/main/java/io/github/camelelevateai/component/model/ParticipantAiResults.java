package io.github.camelelevateai.component.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One side's CX AI results. The bundles ("Customer Satisfaction", "Vulnerable Customer", ...) are kept as JSON: the
 * public docs name them but not their fields.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ParticipantAiResults(
        @JsonProperty("enlightenBundles") List<JsonNode> enlightenBundles,
        @JsonProperty("voiceActivitySegments") List<JsonNode> voiceActivitySegments) {
}
