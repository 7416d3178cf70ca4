package io.github.camelelevateai.component;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Quoted keeps and what it escapes: every line break and reordering character, and nothing a reader needs. */
class QuotedTest {

    @Test
    void escapesEveryCharacterThatBreaksOrReordersALine() {
        assertThat(Quoted.escape("a\nb\rc\td\u0000e\u001Bf\u007Fg\u0085h\u2028i\u2029j")).isEqualTo(
                "a\\nb\\rc\\td\\u0000e\\u001Bf\\u007Fg\\u0085h\\u2028i\\u2029j");
        assertThat(Quoted.escape("\u202Aa\u202Bb\u202Cc\u202Dd\u202Ee\u2066f\u2067g\u2068h\u2069i\u061Cj")).isEqualTo(
                "\\u202Aa\\u202Bb\\u202Cc\\u202Dd\\u202Ee\\u2066f\\u2067g\\u2068h\\u2069i\\u061Cj");
        assertThat(Quoted.escape("lone \uD800 and \uDC00")).isEqualTo("lone \\uD800 and \\uDC00");
    }

    @Test
    void keepsWhatAReaderNeeds() {
        String text = "Zoë Ørsted 李小龙 🙂 DOMAIN\\agent C:\\inbox\\chat.json 'quoted' \"double\" a\u200Cb";
        assertThat(Quoted.escape(text)).isSameAs(text);
        assertThat(Quoted.escape(null)).isNull();
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = Quoted.escape("a\nb\u202Ec\\nd");
        assertThat(Quoted.escape(once)).isEqualTo(once);
    }

    @Test
    void quotesAndCutsLongValuesWithTheirLength() {
        assertThat(Quoted.quote("bot-7")).isEqualTo("'bot-7'");
        assertThat(Quoted.quote(null)).isEqualTo("null");
        assertThat(Quoted.quote("x".repeat(100))).isEqualTo("'" + "x".repeat(100) + "'");
        assertThat(Quoted.quote("x".repeat(5_000_000))).isEqualTo("'" + "x".repeat(100) + "…' (5000000 chars)");
        assertThat(Quoted.quote("a\nb".repeat(10), 4)).isEqualTo("'a\\nba…' (30 chars)");
    }

    @Test
    void neverCutsASurrogatePairInTwo() {
        String value = "x".repeat(99) + "🙂" + "y";
        assertThat(Quoted.quote(value)).isEqualTo("'" + "x".repeat(99) + "…' (102 chars)");
    }
}
