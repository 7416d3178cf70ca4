package io.github.camelelevateai.component;

/**
 * Input values as they may appear in a reason, an exception message or a log line: on one line, in their visible order,
 * and short. A chat, a file name or a message property is written by whoever sent it; printed raw, a newline in a
 * participant id starts a log line of the sender's choosing, and a right-to-left override turns the rest of the line
 * around.
 * <p>
 * Escaped as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}: every control character (C0, DEL, C1), the
 * line and paragraph separators U+2028 and U+2029, the bidirectional embeddings, overrides and isolates (U+202A to
 * U+202E, U+2066 to U+2069, U+061C), and unpaired surrogates. Everything else, other scripts and emoji included, is
 * kept. Backslashes are kept as they are, so that {@code DOMAIN\agent} or a Windows path reads as written; escaping is
 * therefore not reversible, and need not be: it is for reading, and applying it twice changes nothing.
 */
public final class Quoted {

    /** The most characters of one value that {@link #quote(String)} shows. */
    public static final int MAX_SHOWN = 100;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Quoted() {
    }

    /**
     * The value in single quotes, escaped, and cut after {@link #MAX_SHOWN} characters with its full length added:
     * {@code 'aaaa…' (5242880 chars)}. {@code null} gives {@code null}, without quotes.
     */
    public static String quote(String value) {
        return quote(value, MAX_SHOWN);
    }

    /** As {@link #quote(String)}, showing at most {@code maxShown} characters. */
    public static String quote(String value, int maxShown) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= maxShown) {
            return "'" + escape(value) + "'";
        }
        int end = maxShown;
        // never cut between the two halves of a surrogate pair, which would show as a broken character
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1)) && Character.isLowSurrogate(value.charAt(end))) {
            end--;
        }
        return "'" + escape(value.substring(0, end)) + "…' (" + value.length() + " chars)";
    }

    /** The value with every character that could break or reorder a line escaped; not cut. {@code null} stays null. */
    public static String escape(String value) {
        if (value == null) {
            return null;
        }
        int first = firstToEscape(value);
        if (first < 0) {
            return value;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                escaped.append(c).append(value.charAt(++i));
            } else if (mustEscape(c)) {
                appendEscaped(escaped, c);
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static int firstToEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (mustEscape(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Called with a paired surrogate never: those are kept. */
    private static boolean mustEscape(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return false;
        }
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029'
                || c >= '\u202A' && c <= '\u202E'
                || c >= '\u2066' && c <= '\u2069'
                || c == '\u061C'
                || Character.isSurrogate(c);
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                    .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
        }
    }
}
