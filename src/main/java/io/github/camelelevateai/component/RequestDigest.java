package io.github.camelelevateai.component;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a declare request's bytes: what de-duplication keys on, since it is exactly what would be declared. */
final class RequestDigest {

    /** MessageDigest.getInstance looks the provider up on every call, a measurable cost per chat: one per thread. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    });

    private RequestDigest() {
    }

    static String of(byte[] request) {
        // digest() resets the instance, so the thread's next call starts clean
        return HexFormat.of().formatHex(SHA_256.get().digest(request));
    }
}
