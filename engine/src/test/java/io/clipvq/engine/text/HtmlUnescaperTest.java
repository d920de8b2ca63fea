package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlUnescaperTest {

    /** Expected values printed by Python 3.11's html.unescape for the same inputs. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "fish &amp; chips | fish & chips",
        "&lt;b&gt; | <b>",
        "&#39;a&#x27; | 'a'",
        "&#x263A; | \u263a",
        "&copy &copy; | \u00a9 \u00a9",
        "&notit; | \u00acit;",
        "&notin; | \u2209",
        "&bogus; | &bogus;",
        "&amp | &",
        "&#0; | \ufffd",
        "&#128; | \u20ac",
        "&#x110000; | \ufffd",
        "&#55296; | \ufffd",
        "&#99999999999999999999; | \ufffd",
        "a&#1;b | ab",
        "&NotNestedGreaterGreater; | \u2aa2\u0338",
        "&amp;amp; | &amp;",
        "no references | no references",
    })
    void should_decode_like_python_html_unescape(String escaped, String expected) {
        assertThat(HtmlUnescaper.html5().unescape(escaped)).isEqualTo(expected);
    }
}
