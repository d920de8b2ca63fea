package io.clipvq.engine.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ftfy 6.3's fix_encoding with its default settings (docs/text-cleaning.md): repairs text that was UTF-8 but was
 * decoded in a single-byte encoding ("cafÃ©" becomes "café", "â€œhiâ€\u009d" becomes "“hi”").
 *
 * <p>Guarantees, as ftfy's: ASCII text and text that {@link MojibakeDetector#isBad} does not flag are returned
 * unchanged; otherwise the first encoding of {@link #ENCODINGS} in which the whole text can be encoded and whose
 * bytes (after the byte-A0 and lossy-sequence touch-ups) decode as UTF-8, or CESU-8 / Java's modified UTF-8, gives
 * the repair; failing that, UTF-8-looking runs inside the text are repaired one by one; failing that, C1 control
 * characters are read as Windows-1252. The step repeats until the text stops changing (double mojibake is undone
 * layer by layer).
 */
final class MojibakeRepair {

    /** The encodings tried, in ftfy's order (chardata.CHARMAP_ENCODINGS). */
    static final List<SingleByteCodec> ENCODINGS = List.of(
            SingleByteCodec.latin1(),
            SingleByteCodec.sloppy("windows-1252", "windows-1252"),
            SingleByteCodec.sloppy("windows-1251", "windows-1251"),
            SingleByteCodec.sloppy("windows-1250", "windows-1250"),
            SingleByteCodec.sloppy("windows-1253", "windows-1253"),
            SingleByteCodec.sloppy("windows-1254", "windows-1254"),
            SingleByteCodec.sloppy("windows-1257", "windows-1257"),
            SingleByteCodec.strict("iso-8859-2", "ISO-8859-2"),
            SingleByteCodec.strict("macroman", "x-MacRoman"),
            SingleByteCodec.strict("cp437", "IBM437"));

    private static final SingleByteCodec LATIN_1 = ENCODINGS.get(0);
    private static final SingleByteCodec SLOPPY_WINDOWS_1252 = ENCODINGS.get(1);

    // The byte patterns below run on bytes held in a String, one char per byte (ISO-8859-1).

    /**
     * UTF-8 sequences that would be valid but for a byte A0 (NBSP) that some program turned into a space: ftfy's
     * ALTERED_UTF8_RE. Only lead bytes that give likely characters are accepted.
     */
    private static final Pattern ALTERED_UTF8 = Pattern.compile(
            "[\\xc2\\xc3\\xc5\\xce\\xd0\\xd9] "
                    + "|[\\xe2\\xe3] [\\x80-\\x84\\x86-\\x9f\\xa1-\\xbf]"
                    + "|[\\xe0-\\xe3][\\x80-\\x84\\x86-\\x9f\\xa1-\\xbf] "
                    + "|\\xf0 [\\x80-\\xbf][\\x80-\\xbf]"
                    + "|\\xf0[\\x80-\\xbf] [\\x80-\\xbf]"
                    + "|\\xf0[\\x80-\\xbf][\\x80-\\xbf] ");

    /**
     * "Ã " as a word (à, as in "à la mode"): keep the space after the restored A0. Not for the Portuguese "às",
     * "àquele", "àquela", "àquilo" (and plurals), which are followed by letters.
     */
    private static final Pattern A_GRAVE_WORD = Pattern.compile("\\xc3 (?! |quele|quela|quilo|s )");

    /**
     * UTF-8 sequences of which some bytes were lost, shown as byte 1A (U+FFFD in the sloppy encodings) or, once
     * per sequence, as '?': ftfy's LOSSY_UTF8_RE. Each is replaced by the UTF-8 bytes of U+FFFD.
     */
    private static final Pattern LOSSY_UTF8 = Pattern.compile(
            "[\\xc2-\\xdf]\\x1a"
                    + "|[\\xc2-\\xc3][?]"
                    + "|\\xed[\\xa0-\\xaf][\\x1a?]\\xed[\\xb0-\\xbf][\\x1a?\\x80-\\xbf]"
                    + "|\\xed[\\xa0-\\xaf][\\x1a?\\x80-\\xbf]\\xed[\\xb0-\\xbf][\\x1a?]"
                    + "|[\\xe0-\\xef][\\x1a?][\\x1a\\x80-\\xbf]"
                    + "|[\\xe0-\\xef][\\x1a\\x80-\\xbf][\\x1a?]"
                    + "|[\\xf0-\\xf4][\\x1a?][\\x1a\\x80-\\xbf][\\x1a\\x80-\\xbf]"
                    + "|[\\xf0-\\xf4][\\x1a\\x80-\\xbf][\\x1a?][\\x1a\\x80-\\xbf]"
                    + "|[\\xf0-\\xf4][\\x1a\\x80-\\xbf][\\x1a\\x80-\\xbf][\\x1a?]"
                    + "|\\x1a");
    private static final String REPLACEMENT_UTF8 = "\u00ef\u00bf\u00bd";

    private static final Pattern C1_CONTROL = Pattern.compile("[\\x80-\\x9f]");

    /** Windows-1252 as it is, U+FFFD for its five unassigned bytes (81, 8D, 8F, 90, 9D). */
    private static final char[] WINDOWS_1252 = windows1252();

    private MojibakeRepair() {
    }

    /** ftfy.fix_encoding: repeat one repair step until the text no longer changes (bounded as in {@link TextFixer}). */
    static String fixEncoding(String text) {
        int stalled = 0;
        while (true) {
            String fixed = fixOneStep(text);
            if (fixed.equals(text)
                    || (fixed.length() >= text.length() && ++stalled >= TextFixer.MAX_STALLED_PASSES)) {
                return fixed;
            }
            text = fixed;
        }
    }

    /** ftfy's fix_c1_controls: each C1 control character becomes what its byte means in (sloppy) Windows-1252. */
    static String fixC1Controls(String text) {
        Matcher matcher = C1_CONTROL.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, matcher.start()).append(SLOPPY_WINDOWS_1252.decode(text.charAt(matcher.start())));
            last = matcher.end();
        } while (matcher.find());
        return out.append(text, last, text.length()).toString();
    }

    private static String fixOneStep(String text) {
        if (text.isEmpty() || isAscii(text) || !MojibakeDetector.isBad(text)) {
            return text;
        }
        List<SingleByteCodec> possible = new ArrayList<>();
        for (SingleByteCodec codec : ENCODINGS) {
            if (!codec.canEncode(text)) {
                continue;
            }
            possible.add(codec);
            String bytes = asByteString(codec.encode(text));
            if (!codec.name().equals("macroman") && ALTERED_UTF8.matcher(bytes).find()) {
                bytes = restoreByteA0(bytes);
            }
            if (codec.isSloppy()) {
                bytes = LOSSY_UTF8.matcher(bytes).replaceAll(REPLACEMENT_UTF8);
            }
            String decoded = bytes.indexOf('\u00ed') >= 0 || bytes.indexOf('\u00c0') >= 0
                    ? Utf8Variants.decode(bytes)
                    : decodeStrictUtf8(bytes);
            if (decoded != null) {
                return decoded;
            }
        }
        if (MojibakeDetector.UTF8_LOOKING.matcher(text).find()) {
            String fixed = decodeInconsistentUtf8(text);
            if (!fixed.equals(text)) {
                return fixed;
            }
        }
        if (possible.contains(LATIN_1)) {
            // Latin-1 text with C1 controls, all of which Windows-1252 assigns: read it as Windows-1252.
            String asWindows1252 = decodeStrictWindows1252(text);
            if (asWindows1252 != null && !asWindows1252.equals(text)) {
                return asWindows1252;
            }
        }
        return fixC1Controls(text);
    }

    /** ftfy's decode_inconsistent_utf8: repair each UTF-8-looking run that is itself bad, on its own. */
    private static String decodeInconsistentUtf8(String text) {
        Matcher matcher = MojibakeDetector.UTF8_LOOKING.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (matcher.find()) {
            String run = matcher.group();
            out.append(text, last, matcher.start());
            // a proper part only, so that this cannot recurse forever
            out.append(run.length() < text.length() && MojibakeDetector.isBad(run) ? fixEncoding(run) : run);
            last = matcher.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** ftfy's restore_byte_a0: put back the A0 bytes that became spaces inside UTF-8 sequences. */
    private static String restoreByteA0(String bytes) {
        String withAGrave = A_GRAVE_WORD.matcher(bytes).replaceAll("\u00c3\u00a0 ");
        Matcher matcher = ALTERED_UTF8.matcher(withAGrave);
        StringBuilder out = new StringBuilder(withAGrave.length());
        int last = 0;
        while (matcher.find()) {
            out.append(withAGrave, last, matcher.start()).append(matcher.group().replace(' ', '\u00a0'));
            last = matcher.end();
        }
        return out.append(withAGrave, last, withAGrave.length()).toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static String asByteString(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Strict UTF-8 (no surrogates, no overlong forms), or null if the bytes are not UTF-8. */
    static String decodeStrictUtf8(String byteString) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(byteString.getBytes(StandardCharsets.ISO_8859_1)))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The Latin-1 text's bytes read as Windows-1252, or null if one of them is unassigned there. */
    private static String decodeStrictWindows1252(String latin1Text) {
        StringBuilder out = new StringBuilder(latin1Text.length());
        for (int i = 0; i < latin1Text.length(); i++) {
            char c = WINDOWS_1252[latin1Text.charAt(i)];
            if (c == '\uFFFD') {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static char[] windows1252() {
        char[] table = new char[256];
        for (int b = 0; b < 256; b++) {
            table[b] = SingleByteCodec.decodeByte("windows-1252", b);
        }
        return table;
    }

    /**
     * ftfy's utf-8-variants codec: UTF-8 that also accepts CESU-8 (a supplementary character written as two
     * three-byte surrogates) and Java's two-byte NUL (C0 80). Anything else must be strict UTF-8.
     */
    static final class Utf8Variants {

        private Utf8Variants() {
        }

        /** The decoded text, or null if the bytes are not (variant) UTF-8. */
        static String decode(String bytes) {
            StringBuilder out = new StringBuilder(bytes.length());
            int plainStart = 0;
            int i = 0;
            while (i < bytes.length()) {
                int b = bytes.charAt(i);
                int special = 0;
                int codePoint = 0;
                if (b == 0xC0 && i + 1 < bytes.length() && bytes.charAt(i + 1) == 0x80) {
                    special = 2;
                } else if (b == 0xED && isCesu8Pair(bytes, i)) {
                    special = 6;
                    codePoint = 0x10000 + ((bytes.charAt(i + 1) & 0x0F) << 16) + ((bytes.charAt(i + 2) & 0x3F) << 10)
                            + ((bytes.charAt(i + 4) & 0x0F) << 6) + (bytes.charAt(i + 5) & 0x3F);
                }
                if (special == 0) {
                    i++;
                    continue;
                }
                String plain = decodeStrictUtf8(bytes.substring(plainStart, i));
                if (plain == null) {
                    return null;
                }
                out.append(plain).appendCodePoint(codePoint);
                i += special;
                plainStart = i;
            }
            String plain = decodeStrictUtf8(bytes.substring(plainStart));
            return plain == null ? null : out.append(plain).toString();
        }

        /** ED A0-AF 80-BF ED B0-BF 80-BF: a high and a low surrogate, each UTF-8 encoded. */
        private static boolean isCesu8Pair(String bytes, int i) {
            return i + 5 < bytes.length()
                    && inRange(bytes.charAt(i + 1), 0xA0, 0xAF) && inRange(bytes.charAt(i + 2), 0x80, 0xBF)
                    && bytes.charAt(i + 3) == 0xED
                    && inRange(bytes.charAt(i + 4), 0xB0, 0xBF) && inRange(bytes.charAt(i + 5), 0x80, 0xBF);
        }

        private static boolean inRange(char c, int low, int high) {
            return c >= low && c <= high;
        }
    }
}
