package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.text.StringEscapeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Why {@link HtmlUnescaper} is not Apache Commons Text's {@code StringEscapeUtils.unescapeHtml4} (docs/hand-written.md,
 * docs/text-cleaning.md): CLIP's text clean-up is Python's {@code html.unescape}, and on each of these inputs Commons
 * Text gives another string, so another token id sequence. The expected values were printed by Python's
 * {@code html.unescape} (3.11 and 3.13 agree).
 */
class HtmlUnescaperVersusCommonsTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // reference                  | Python html.unescape  | Commons Text unescapeHtml4
        "&amp                         | &                     | &amp",                      // legacy name without ';'
        "&copy                        | \u00a9                | &copy",
        "&notit;                      | \u00acit;             | &notit;",                   // longest legacy prefix
        "&#128;                       | \u20ac                | \u0080",                    // Windows-1252 remapping
        "&#55296;                     | \ufffd                | \ud800",                    // lone surrogate
        "a&#1;b                       | ab                    | a\u0001b",                  // forbidden code point
        "&checkmark;                  | \u2713                | &checkmark;",               // HTML5-only names
        "&NotNestedGreaterGreater;    | \u2aa2\u0338          | &NotNestedGreaterGreater;",
    })
    void should_decode_like_python_where_commons_text_does_not(String escaped, String python, String commonsText) {
        assertThat(HtmlUnescaper.html5().unescape(escaped)).isEqualTo(python);
        assertThat(StringEscapeUtils.unescapeHtml4(escaped)).isEqualTo(commonsText).isNotEqualTo(python);
    }

    @Test
    void should_give_the_replacement_character_for_number_zero_where_commons_text_gives_nul() {
        // not in the table above: the CSV source trims NUL as whitespace
        assertThat(HtmlUnescaper.html5().unescape("&#0;")).isEqualTo("\ufffd");
        assertThat(StringEscapeUtils.unescapeHtml4("&#0;")).isEqualTo("\u0000");
    }

    @Test
    void should_give_the_replacement_character_for_an_out_of_range_number_where_commons_text_throws() {
        assertThat(HtmlUnescaper.html5().unescape("&#x110000;")).isEqualTo("\ufffd");
        assertThatThrownBy(() -> StringEscapeUtils.unescapeHtml4("&#x110000;")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_agree_with_commons_text_on_ordinary_references() {
        for (String escaped : new String[] {"fish &amp; chips", "&lt;b&gt;", "&#39;a&#x27;", "caf&eacute;"}) {
            assertThat(HtmlUnescaper.html5().unescape(escaped)).isEqualTo(StringEscapeUtils.unescapeHtml4(escaped));
        }
    }
}
