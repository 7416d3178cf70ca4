package io.github.camelelevateai.component.model;

import java.util.Locale;
import java.util.Set;

/** The language tags the API accepts for a chat. */
public final class LanguageTag {

    /** North American English, the default. */
    public static final String EN_US = "en-us";
    /** International English. */
    public static final String EN = "en";
    /** North American Spanish. */
    public static final String ES_419 = "es-419";

    public static final Set<String> CHAT_TAGS = Set.of(EN_US, EN, ES_419);

    private LanguageTag() {
    }

    /** BCP 47 tags are case-insensitive; the API documents them in lower case. */
    public static String normalise(String tag) {
        return tag == null ? null : tag.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isChatTag(String tag) {
        return CHAT_TAGS.contains(normalise(tag));
    }
}
