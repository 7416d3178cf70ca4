package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code GET /interactions/{id}}: the parameters the interaction was declared with. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Interaction(
        @JsonProperty("identifier") String identifier,
        @JsonProperty("type") String type,
        @JsonProperty("languageTag") String languageTag,
        @JsonProperty("vertical") String vertical) {
}
