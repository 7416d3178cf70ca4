package io.github.camelelevateai.component.client;

/**
 * What the API answered: read whole before the connection goes back to the pool.
 *
 * @param retryAfter the {@code Retry-After} header's value, or null
 */
record ApiResponse(int status, String retryAfter, byte[] body) {
}
