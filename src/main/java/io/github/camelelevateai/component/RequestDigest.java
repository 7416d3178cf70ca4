package io.github.camelelevateai.component;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a declare request's bytes: what de-duplication keys on, since it is exactly what would be declared. */
final class RequestDigest {

    private RequestDigest() {
    }

    static String of(byte[] request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
