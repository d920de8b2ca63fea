package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link TextFixer}, one at a time. Expected values are ftfy 6.3.1's documented behaviour (its
 * docstrings' examples where it has them) and were checked against ftfy.fix_text itself.
 */
class TextFixerTest {

    @Test
    void should_decode_html_references_that_end_in_a_semicolon() {
        assertThat(TextFixer.unescapeHtml("&lt;tag&gt;")).isEqualTo("<tag>");
        assertThat(TextFixer.unescapeHtml("&Jscr;ohn &HilbertSpace;ancock")).isEqualTo("\ud835\udca5ohn \u210bancock");
        assertThat(TextFixer.unescapeHtml("&checkmark; P&eacute;rez")).isEqualTo("\u2713 P\u00e9rez");
        assertThat(TextFixer.unescapeHtml("it&#x2019;s &#8220;ok&#8221; &#128;")).isEqualTo("it\u2019s \u201cok\u201d \u20ac");
    }

    @Test
    void should_decode_upper_cased_names_of_lower_case_references_only() {
        assertThat(TextFixer.unescapeHtml("P&EACUTE;REZ")).isEqualTo("P\u00c9REZ");
        assertThat(TextFixer.unescapeHtml("BUNDESSTRA&SZLIG;E")).isEqualTo("BUNDESSTRASSE");
        assertThat(TextFixer.unescapeHtml("&ntilde; &Ntilde; &NTILDE; &nTILDE;")).isEqualTo("\u00f1 \u00d1 \u00d1 &nTILDE;");
        // 2,125 HTML5 names end in ';', and 1,376 upper-cased ones are added (counted in ftfy's HTML_ENTITIES)
        assertThat(TextFixer.entityCount()).isEqualTo(3501);
    }

    @Test
    void should_leave_references_without_semicolon_and_unknown_numbers_alone() {
        assertThat(TextFixer.unescapeHtml("this&not that &amp &copy 2024")).isEqualTo("this&not that &amp &copy 2024");
        assertThat(TextFixer.unescapeHtml("&#65x; &#xZZ; &bogus;")).isEqualTo("&#65x; &#xZZ; &bogus;");
        assertThat(TextFixer.unescapeHtml("a&#1;b")).isEqualTo("ab");
    }

    @Test
    void should_unescape_nested_references_completely_by_repeating() {
        assertThat(TextFixer.fixText("fish &amp;amp;amp; chips")).isEqualTo("fish & chips");
        assertThat(TextFixer.fixText("&amp;lt;b&amp;gt;")).isEqualTo("<b>");
    }

    @Test
    void should_unescape_references_nested_deeper_than_the_bound_on_stalled_passes() {
        String nested = "&" + "amp;".repeat(3 * TextFixer.MAX_STALLED_PASSES) + " x";
        assertThat(TextFixer.fixText(nested)).isEqualTo("& x");
    }

    @Test
    void should_not_unescape_from_the_first_line_that_holds_a_less_than_sign_on() {
        assertThat(TextFixer.fixText("&amp; first\n<b> &amp;\n&amp; last"))
                .isEqualTo("& first\n<b> &amp;\n&amp; last");
        assertThat(TextFixer.fixText("<p>caf&eacute;</p>")).isEqualTo("<p>caf&eacute;</p>");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // UTF-8 read as Windows-1252 or Latin-1
        "caf\u00c3\u00a9 | caf\u00e9",
        "\u00c3\u00b3 | \u00f3",
        "\u00e2\u0153\u201d No problems | \u2714 No problems",
        // read twice: repaired layer by layer
        "caf\u00c3\u0192\u00c2\u00a9 | caf\u00e9",
        // Cyrillic and CJK text
        "\u00d0\u0178\u00d1\u20ac\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a | \u041f\u0440\u0438\u0432\u0435\u0442",
        "\u00e6\u2014\u00a5\u00e6\u0153\u00ac\u00e8\u00aa\u017e | \u65e5\u672c\u8a9e",
        // an emoji (four bytes)
        "\u00f0\u0178\u02dc\u20ac smile | \ud83d\ude00 smile",
        // a no-break space that became a space (restore_byte_a0)
        "voil\u00c3 le travail | voil\u00e0 le travail",
        // lost bytes shown as U+FFFD (replace_lossy_sequences); the quote is then uncurled
        "\u00e2\u20ac\u0153 like this \u00e2\u20ac\ufffd | \" like this \ufffd",
        // only the mojibake part of a mixed string (decode_inconsistent_utf8)
        "\u00c3\u00a9t\u00c3\u00a9 and \u00e9t\u00e9 | \u00e9t\u00e9 and \u00e9t\u00e9",
        // C1 controls as Windows-1252
        "It\u0092s \u0093fine\u0094 | It's \"fine\"",
        "price \u0080 5 | price \u20ac 5",
    })
    void should_repair_mojibake(String mojibake, String repaired) {
        assertThat(TextFixer.fixText(mojibake)).isEqualTo(repaired);
    }

    @Test
    void should_decode_cesu8_and_java_nul_after_a_single_byte_decoding() {
        // U+1F600 as two UTF-8-encoded surrogates (ED A0 BD ED B8 80), read as Latin-1
        String cesu = "\u00ed\u00a0\u00bd\u00ed\u00b8\u0080 ok";
        assertThat(MojibakeRepair.fixEncoding(cesu)).isEqualTo("\ud83d\ude00 ok");
        assertThat(MojibakeRepair.Utf8Variants.decode("a\u00c0\u0080b")).isEqualTo("a\u0000b");
        assertThat(MojibakeRepair.Utf8Variants.decode("\u00ed\u00a0\u0080")).as("a lone surrogate").isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "na\u00efve caf\u00e9 r\u00e9sum\u00e9",
        "Gr\u00f6\u00dfe 10\u00b0C, \u00a33 \u00bd",
        "\u00c9ire \u00d1and\u00fa \u00e6sthetic \u0153uvre",
        "\u00ab guillemets \u00bb",
        "\u041f\u0440\u0438\u0432\u0435\u0442 \u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",
        "\u300c\u3053\u3093\u306b\u3061\u306f\u300d\u3001\u4e16\u754c\u3002",
        "\u00af\\_(\u30c4)_/\u00af",
    })
    void should_leave_text_that_is_not_mojibake_alone(String text) {
        assertThat(TextFixer.fixText(text)).isEqualTo(text);
        assertThat(MojibakeDetector.isBad(text)).isFalse();
    }

    @Test
    void should_take_latin_ligatures_apart_but_keep_ae_and_oe() {
        assertThat(TextFixer.fixLatinLigatures("\ufb02u\ufb03e\ufb06")).isEqualTo("fluffiest");
        assertThat(TextFixer.fixLatinLigatures("\ufb00 \ufb01 \ufb04 \ufb05")).isEqualTo("ff fi ffl \u017ft");
        assertThat(TextFixer.fixLatinLigatures("\u0132muiden \u0133s \u01c4 \u01c5 \u01c6 \u01c9 \u01cc"))
                .isEqualTo("IJmuiden ijs D\u017d D\u017e d\u017e lj nj");
        assertThat(TextFixer.fixLatinLigatures("\u00e6 \u0153")).isEqualTo("\u00e6 \u0153");
        // ŉ becomes ʼn, whose apostrophe fix_text then straightens
        assertThat(TextFixer.fixText("\u0149 Afrikaans")).isEqualTo("'n Afrikaans");
    }

    @Test
    void should_give_full_and_half_width_forms_their_normal_width() {
        assertThat(TextFixer.fixCharacterWidth("\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff33"))
                .isEqualTo("LOUD NOISES");
        assertThat(TextFixer.fixCharacterWidth("\uff35\uff80\uff70\uff9d")).isEqualTo("U\u30bf\u30fc\u30f3");
        assertThat(TextFixer.fixCharacterWidth("\uff01\uff1f\uff0c\uff0e\uff08\uff09\uff5e\uffe5"))
                .isEqualTo("!?,.()~\u00a5");
        assertThat(TextFixer.fixCharacterWidth("\uff62\uff64\uff61\uff63")).isEqualTo("\u300c\u3001\u3002\u300d");
        // the voiced mark becomes a combining mark, which NFC then joins: ｶﾞ -> ガ
        assertThat(TextFixer.fixText("\uff76\uff9e")).isEqualTo("\u30ac");
        // CJK punctuation of normal width and the wave dash stay
        assertThat(TextFixer.fixCharacterWidth("\u3001\u3002\u300c\u300d\u301c")).isEqualTo("\u3001\u3002\u300c\u300d\u301c");
    }

    @Test
    void should_straighten_curly_quotes() {
        assertThat(TextFixer.uncurlQuotes("\u201chere\u2019s a test\u201d")).isEqualTo("\"here's a test\"");
        assertThat(TextFixer.uncurlQuotes("\u2018\u2019\u201a\u201b\u02bc \u201c\u201d\u201e\u201f"))
                .isEqualTo("''''' \"\"\"\"");
        assertThat(TextFixer.uncurlQuotes("\u00ab\u00bb\u2039\u203a\u300c")).isEqualTo("\u00ab\u00bb\u2039\u203a\u300c");
    }

    @Test
    void should_make_every_line_break_a_line_feed() {
        assertThat(TextFixer.fixLineBreaks("a\r\nb\rc\u2028d\u2029e\u0085f")).isEqualTo("a\nb\nc\nd\ne\nf");
        // in fix_text the mojibake repair runs first and reads a lone U+0085 as Windows-1252's ellipsis
        assertThat(TextFixer.fixText("wait\u2028what\u0085")).isEqualTo("wait\nwhat\u2026");
    }

    @Test
    void should_replace_unpaired_surrogates_and_keep_pairs() {
        assertThat(TextFixer.fixSurrogates("a\ud83d\ude00b")).isEqualTo("a\ud83d\ude00b");
        assertThat(TextFixer.fixSurrogates("a\ude00\ud83db\ud83d")).isEqualTo("a\ufffd\ufffdb\ufffd");
    }

    @Test
    void should_remove_terminal_escapes() {
        assertThat(TextFixer.removeTerminalEscapes("\u001b[36;44mI'm blue, da ba dee\u001b[0m"))
                .isEqualTo("I'm blue, da ba dee");
    }

    @Test
    void should_remove_control_characters_but_keep_whitespace_and_joiners() {
        assertThat(TextFixer.removeControlCharacters("\ufeffa\u0000b\u0007c\u000bd\u001be\u007ff\ufeffg"))
                .isEqualTo("abcdefg");
        assertThat(TextFixer.removeControlCharacters("x\u206ay\ufff9z\ufffc")).isEqualTo("xyz");
        String kept = "\t\n\f\r\u200b\u200c\u200d\u200e\u202a\u0085\ufffd";
        assertThat(TextFixer.removeControlCharacters(kept)).isEqualTo(kept);
    }

    @Test
    void should_normalise_to_nfc() {
        assertThat(TextFixer.fixText("cafe\u0301")).isEqualTo("caf\u00e9");
    }

    @Test
    void should_remove_a_byte_order_mark_also_when_it_was_itself_mojibake() {
        assertThat(TextFixer.fixText("\ufeffhello")).isEqualTo("hello");
        assertThat(TextFixer.fixText("\u00ef\u00bb\u00bfhello")).isEqualTo("hello");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "caf\u00c3\u00a9 &amp;amp; \ufb01sh \uff21",
        "\u00e2\u20ac\u0153 like this \u00e2\u20ac\ufffd",
        "plain text",
        "\u0149\u0085\u00c3",
    })
    void should_return_a_fixed_point(String text) {
        String fixed = TextFixer.fixText(text);
        assertThat(TextFixer.fixText(fixed)).isEqualTo(fixed);
    }

    @Test
    void should_fix_each_line_on_its_own() {
        assertThat(TextFixer.fixText("caf\u00c3\u00a9\nna\u00efve\r\n")).isEqualTo("caf\u00e9\nna\u00efve\n");
        assertThat(TextFixer.fixText("")).isEmpty();
    }
}
