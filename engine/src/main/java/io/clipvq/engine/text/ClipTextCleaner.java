package io.clipvq.engine.text;

import java.util.regex.Pattern;

/**
 * The text clean-up of CLIP's simple_tokenizer.py, {@code whitespace_clean(basic_clean(text)).lower()}:
 * {@code ftfy.fix_text} with ftfy's default settings ({@link TextFixer}), HTML unescaping twice (Python html.unescape
 * rules, {@link HtmlUnescaper}), strip, runs of Unicode White_Space collapsed to one space, strip, lower case as
 * Python's str.lower() ({@link PythonLowerCase}). What each step does to pasted text, and why it is hand-written:
 * docs/text-cleaning.md.
 */
final class ClipTextCleaner {

    /** The `regex` module's \s is the Unicode White_Space property; Java's matches it with this flag. */
    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final HtmlUnescaper html = HtmlUnescaper.html5();

    String clean(String text) {
        String unescaped = pythonStrip(html.unescape(html.unescape(TextFixer.fixText(text))));
        String collapsed = pythonStrip(WHITESPACE_RUN.matcher(unescaped).replaceAll(" "));
        return PythonLowerCase.lower(collapsed);
    }

    /** Python's str.strip(): removes str.isspace() characters, which are White_Space plus U+001C..U+001F. */
    static String pythonStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    static boolean isPythonSpace(char c) {
        switch (c) {
            case '\t': case '\n': case 0x0B: case '\f': case '\r':
            case 0x1C: case 0x1D: case 0x1E: case 0x1F: case ' ':
            case 0x85: case 0xA0: case 0x1680:
            case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
                return true;
            default:
                return c >= 0x2000 && c <= 0x200A;
        }
    }
}
