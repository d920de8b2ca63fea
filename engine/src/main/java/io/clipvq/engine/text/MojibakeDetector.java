package io.clipvq.engine.text;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The two heuristics ftfy 6.3 uses to decide that text is mojibake (docs/text-cleaning.md), restated in Java so
 * that {@link TextFixer} changes exactly the texts ftfy changes.
 *
 * <p>{@link #isBad}: ftfy's badness.is_bad. It looks for pairs and triples of characters that almost never stand
 * next to each other in real text but are what UTF-8 bytes look like when read as Windows-1252, Latin-1, MacRoman
 * and friends: an accented lower-case letter followed by a currency sign, "Ã" followed by "©", a Cyrillic "вЂ", any
 * C1 control character. The character groups below are ftfy's (ftfy is Apache-2.0; the groups are data, the
 * matching code is ours); changing any of them changes which texts get repaired, so they must stay in step with the
 * ftfy version CLIP's users run (6.3.1 when this was written).
 *
 * <p>{@link #UTF8_LOOKING}: ftfy's UTF8_DETECTOR_RE, runs of characters that are the lead and continuation bytes
 * of UTF-8 sequences in one of the Latin-1-like encodings. Unlike the badness groups these are computed here from
 * the encodings themselves, as ftfy's own table generator does.
 */
final class MojibakeDetector {

    // ftfy's badness categories (badness.MOJIBAKE_CATEGORIES). A '-' between two characters is a range.
    /** Characters common in many contexts; only the Arabic rule uses them. */
    private static final String COMMON = "\u00a0\u00ad\u00b7\u00b4\u2013\u2014\u2015\u2026\u2019";
    private static final String C1 = "\u0080-\u009f";
    /** Characters that are nearly always mojibake (¦ ¤ ¨ ¬ ¯ ¸ ƒ ˆ ˇ ˘ ˛ ˜ † ‡ ‰ ⌐ ◊ � ª º). */
    private static final String BAD = "\u00a6\u00a4\u00a8\u00ac\u00af\u00b8\u0192\u02c6\u02c7\u02d8\u02db\u02dc"
            + "\u2020\u2021\u2030\u2310\u25ca\ufffd\u00aa\u00ba";
    private static final String LAW = "\u00b6\u00a7";
    private static final String CURRENCY = "\u00a2\u00a3\u00a5\u20a7\u20ac";
    private static final String START_PUNCTUATION = "\u00a1\u00ab\u00bf\u00a9\u0384\u0385\u2018\u201a\u201c\u201e"
            + "\u2022\u2039\uf8ff";
    private static final String END_PUNCTUATION = "\u00ae\u00bb\u02dd\u201d\u203a\u2122";
    private static final String NUMERIC = "\u00b2\u00b3\u00b9\u00b1\u00bc\u00bd\u00be\u00d7\u00b5\u00f7\u2044\u2202"
            + "\u2206\u220f\u2211\u221a\u221e\u2229\u222b\u2248\u2260\u2261\u2264\u2265\u2116";
    /** Letters that kaomoji faces are made of, so box drawing next to them is not counted. */
    private static final String KAOMOJI = "\u00d2-\u00d6\u00d9-\u00dc\u00f2-\u00f6\u00f8-\u00fc\u0150\u014c\u016a"
            + "\u0172\u00b0";
    private static final String UPPER_ACCENTED = "\u00c0-\u00d1\u00d8\u00dc\u00dd\u0102\u0100\u0104\u0106\u010c"
            + "\u010e\u0110\u0118\u011a\u0112\u0116\u011e\u0122\u0130\u012a\u0136\u0139\u013d\u0141\u013b\u0143"
            + "\u0147\u0145\u0152\u0158\u015a\u015e\u0160\u0162\u0164\u016e\u0170\u0178\u0179\u017b\u017d\u0490";
    private static final String LOWER_ACCENTED = "\u00df\u00e0-\u00f1\u0103\u0105\u0101\u0107\u010d\u010f\u0111"
            + "\u0119\u011b\u0113\u0117\u011f\u0123\u012f\u012b\u0137\u013a\u013e\u0142\u013c\u0153\u0155\u015b"
            + "\u015f\u0161\u0165\u00fc\u017a\u017c\u017e\u0491\ufb01\ufb02";
    private static final String UPPER_COMMON = "\u00de\u0391-\u03a9\u0386\u0388\u0389\u038a\u038c\u038e\u038f"
            + "\u03aa\u03ab\u0401-\u042f";
    private static final String LOWER_COMMON = "\u03b1-\u03c9\u03ac\u03ad\u03ae\u03af\u03b0\u0430-\u045f";
    private static final String BOX = "\u2502\u250c\u2510\u2518\u251c\u2524\u252c\u253c\u2550-\u256c\u2580\u2584"
            + "\u2588\u258c\u2590\u2591\u2592\u2593";

    /** Python's \s on str: Unicode White_Space plus the information separators U+001C..U+001F. */
    private static final String PY_SPACE = "[\\t\\n\\x0b\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028"
            + "\\u2029\\u202f\\u205f\\u3000]";
    /** Python's \w on str: letters, numbers (str.isalnum) and '_'. */
    private static final String PY_WORD = "[\\p{L}\\p{N}_]";

    /** One alternative per ftfy badness rule, in ftfy's order. */
    private static final List<String> BADNESS_RULES = List.of(
            any(C1),
            any(BAD, LOWER_ACCENTED, UPPER_ACCENTED, BOX, START_PUNCTUATION, END_PUNCTUATION, CURRENCY, NUMERIC, LAW)
                    + any(BAD),
            "[a-zA-Z]" + any(LOWER_COMMON, UPPER_COMMON) + any(BAD),
            any(BAD) + any(LOWER_ACCENTED, UPPER_ACCENTED, BOX, START_PUNCTUATION, END_PUNCTUATION, CURRENCY,
                    NUMERIC, LAW),
            any(LOWER_ACCENTED, LOWER_COMMON, BOX, END_PUNCTUATION, CURRENCY, NUMERIC) + any(UPPER_ACCENTED),
            any(BOX, END_PUNCTUATION, CURRENCY, NUMERIC) + any(LOWER_ACCENTED),
            any(LOWER_ACCENTED, BOX, END_PUNCTUATION) + any(CURRENCY),
            PY_SPACE + any(UPPER_ACCENTED) + any(CURRENCY),
            any(UPPER_ACCENTED, BOX) + any(NUMERIC, LAW),
            any(LOWER_ACCENTED, UPPER_ACCENTED, BOX, CURRENCY, END_PUNCTUATION) + any(START_PUNCTUATION)
                    + any(NUMERIC),
            any(LOWER_ACCENTED, UPPER_ACCENTED, CURRENCY, NUMERIC, BOX, LAW) + any(END_PUNCTUATION)
                    + any(START_PUNCTUATION),
            any(CURRENCY, NUMERIC, BOX) + any(START_PUNCTUATION),
            "[a-z]" + any(UPPER_ACCENTED) + any(START_PUNCTUATION, CURRENCY),
            any(BOX) + any(KAOMOJI),
            any(LOWER_ACCENTED, UPPER_ACCENTED, CURRENCY, NUMERIC, START_PUNCTUATION, END_PUNCTUATION, LAW)
                    + any(BOX),
            any(BOX) + any(END_PUNCTUATION),
            any(LOWER_ACCENTED, UPPER_ACCENTED) + any(START_PUNCTUATION, END_PUNCTUATION) + PY_WORD,
            // the ligature œ not followed by an unaccented Latin letter
            "[\u0152\u0153][^A-Za-z]",
            // a degree sign after an accented capital
            any(UPPER_ACCENTED) + "\u00b0",
            // common two-character Windows-1252 mojibake: Â Ã Î Ð followed by € œ Š š ¢ £ Ÿ ž NBSP SHY ® © ° · » ...
            "[\u00c2\u00c3\u00ce\u00d0]" + any("\u20ac\u0153\u0160\u0161\u00a2\u00a3\u0178\u017e\u00a0\u00ad\u00ae"
                    + "\u00a9\u00b0\u00b7\u00bb", START_PUNCTUATION, END_PUNCTUATION, "\u2013\u2014\u00b4"),
            "\u00d7[\u00b2\u00b3]",
            // Windows-1252 mojibake of Arabic: four characters, Ø/Ù each followed by a mojibake-ish character
            arabicPair() + arabicPair(),
            // Windows-1252 mojibake starting three-byte sequences of South Asian scripts
            "\u00e0[\u00b2\u00b5\u00b9\u00bc\u00bd\u00be]",
            // MacRoman mojibake
            "\u221a[\u00b1\u2202\u2020\u2260\u00ae\u2122\u00b4\u2264\u2265\u00a5\u00b5\u00f8]",
            "\u2248[\u00b0\u00a2]",
            "\u201a\u00c4[\u00ec\u00ee\u00ef\u00f2\u00f4\u00fa\u00f9\u00fb\u2020\u00b0\u00a2\u03c0]",
            "\u201a[\u00e2\u00f3][\u00e0\u00e4\u00b0\u00ea]",
            // Windows-1251 mojibake of the U+2000 block, and of Latin-1 or Cyrillic (three characters)
            "\u0432\u0402",
            "[\u0412\u0413\u0420\u0421]" + any(C1, BAD, START_PUNCTUATION, END_PUNCTUATION, CURRENCY, "\u00b0\u00b5")
                    + "[\u0412\u0413\u0420\u0421]",
            // Windows-1251 on top of Latin-1 mojibake of Windows-1252, next to a Latin letter or space
            "\u0413\u045e\u0412\u0402\u0412.[A-Za-z ]",
            // Windows-1252 encodings of à and á, and of NBSP itself
            "\u00c3[\u00a0\u00a1]",
            "[a-z]" + PY_SPACE + "?[\u00c3\u00c2] ",
            "^[\u00c3\u00c2] ",
            // Â standing before the very character it encodes
            any("a-z.,?!", END_PUNCTUATION) + "\u00c2" + any(" ", START_PUNCTUATION, END_PUNCTUATION),
            // Windows-1253 mojibake of the U+2000 block, and of Latin-1 or Greek (three characters)
            "\u03b2\u20ac[\u2122\u00a0\u0386\u00ad\u00ae\u00b0]",
            "[\u0392\u0393\u039e\u039f]" + any(C1, BAD, START_PUNCTUATION, END_PUNCTUATION, CURRENCY, "\u00b0")
                    + "[\u0392\u0393\u039e\u039f]",
            // Windows-1257 mojibake of the U+2000 block
            "\u0101\u20ac");

    /** UNIX_LINES: '.' stops only at '\n', as Python's does. */
    private static final Pattern BADNESS = Pattern.compile(String.join("|", BADNESS_RULES), Pattern.UNIX_LINES);

    /** The Latin-1-like encodings ftfy's UTF-8 detector considers (scripts/char_data_table.py's SAFE_ENCODINGS). */
    private static final List<String> DETECTOR_ENCODINGS = List.of(
            "ISO-8859-1", "windows-1252", "windows-1251", "windows-1250", "windows-1253", "windows-1254",
            "windows-1257");

    /** Punctuation that decodes from 0x80-0xBF but often stands for itself next to mojibake (dashes, quotes, ...). */
    private static final String NOT_STRICT_CONTINUATION = "\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e"
            + "\u2022\u2026";

    /**
     * ftfy's UTF8_DETECTOR_RE: one or more UTF-8-shaped sequences (a lead character for a 2-, 3- or 4-byte
     * sequence, then continuation characters, a space standing in for a lost NBSP), not directly after a
     * continuation character (so a few characters in a long garble are left alone).
     */
    static final Pattern UTF8_LOOKING = utf8Detector();

    private MojibakeDetector() {
    }

    /** ftfy's is_bad: the text contains at least one sequence that looks like mojibake. */
    static boolean isBad(String text) {
        return BADNESS.matcher(text).find();
    }

    private static String arabicPair() {
        return "[\u00d8\u00d9]" + any(COMMON, CURRENCY, BAD, NUMERIC, START_PUNCTUATION,
                "\u0178\u0160\u00ae\u00b0\u00b5\u00bb");
    }

    /** A character class of the concatenated groups (ranges written as in the groups). */
    private static String any(String... groups) {
        return "[" + String.join("", groups) + "]";
    }

    private static Pattern utf8Detector() {
        String lead2 = charClass(bytesDecoded(0xC2, 0xDF), "");
        String lead3 = charClass(bytesDecoded(0xE0, 0xEF), "");
        Set<Character> lead4Chars = bytesDecoded(0xF0, 0xF0);
        lead4Chars.addAll(bytesDecoded(0xF3, 0xF3));
        String lead4 = charClass(lead4Chars, "");
        Set<Character> continuationChars = bytesDecoded(0x80, 0xBF);
        String continuation = charClass(continuationChars, " ");
        Set<Character> strictChars = new TreeSet<>(continuationChars);
        for (char c : NOT_STRICT_CONTINUATION.toCharArray()) {
            strictChars.remove(c);
        }
        String strict = charClass(strictChars, "");
        return Pattern.compile("(?<!" + strict + ")(?:" + lead2 + continuation
                + "|" + lead3 + continuation + "{2}"
                + "|" + lead4 + continuation + "{3})+");
    }

    /** What the bytes from..to decode to in any of the detector encodings (unassigned bytes skipped). */
    private static Set<Character> bytesDecoded(int from, int to) {
        Set<Character> chars = new TreeSet<>();
        for (String encoding : DETECTOR_ENCODINGS) {
            for (int b = from; b <= to; b++) {
                char c = SingleByteCodec.decodeByte(encoding, b);
                if (c != '\uFFFD') {
                    chars.add(c);
                }
            }
        }
        return chars;
    }

    private static String charClass(Set<Character> chars, String extra) {
        StringBuilder regex = new StringBuilder("[");
        for (char c : chars) {
            regex.append(String.format("\\x{%x}", (int) c));
        }
        return regex.append(extra).append(']').toString();
    }
}
