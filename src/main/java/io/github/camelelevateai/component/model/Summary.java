package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code GET /interactions/{id}/gen-ai/cx/summary}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Summary(@JsonProperty("summary") String summary) {
}
