package io.github.camelelevateai.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Which {@link SandboxCall} a request's method and path make, and the interaction identifier in its path.
 *
 * @param call       the call, or null when the path names none (404) or the method does not fit it (405)
 * @param identifier the interaction identifier in the path, or null
 * @param allow      for a known path with the wrong method, the methods it takes (an {@code Allow} header); else null
 */
record SandboxRoute(SandboxCall call, String identifier, String allow) {

    static final String INTERACTIONS = "/v1/interactions";
    private static final SandboxRoute NOT_FOUND = new SandboxRoute(null, null, null);

    static SandboxRoute of(String method, String path) {
        if (path == null || !path.startsWith(INTERACTIONS)) {
            return NOT_FOUND;
        }
        String rest = path.substring(INTERACTIONS.length());
        String identifier = null;
        String suffix = null;
        if (!rest.isEmpty()) {
            if (rest.charAt(0) != '/') {
                return NOT_FOUND;
            }
            int slash = rest.indexOf('/', 1);
            identifier = slash < 0 ? rest.substring(1) : rest.substring(1, slash);
            suffix = slash < 0 ? "" : rest.substring(slash);
            if (identifier.isEmpty()) {
                return NOT_FOUND;
            }
        }
        List<String> methods = new ArrayList<>(2);
        for (SandboxCall call : SandboxCall.values()) {
            if (suffix == null ? call.suffix() == null : suffix.equals(call.suffix())) {
                if (call.method().equals(method)) {
                    return new SandboxRoute(call, identifier, null);
                }
                methods.add(call.method());
            }
        }
        return methods.isEmpty() ? NOT_FOUND : new SandboxRoute(null, identifier, String.join(", ", methods));
    }

    /** The interaction identifier in a path such as {@code /v1/interactions/{id}/status}, or null. */
    static String identifierIn(String path) {
        return of(null, path).identifier();
    }
}
