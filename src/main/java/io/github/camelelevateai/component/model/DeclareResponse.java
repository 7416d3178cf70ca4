package io.github.camelelevateai.component.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The 201 answer to a declare: the identifier every later call about the interaction needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeclareResponse(@JsonProperty("interactionIdentifier") String interactionIdentifier) {
}
