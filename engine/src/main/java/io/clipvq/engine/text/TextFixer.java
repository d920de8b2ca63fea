package io.clipvq.engine.text;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ftfy.fix_text(text)} with ftfy's default settings does to text, in Java (ftfy 6.3.1, the version
 * current when this was written; OpenAI CLIP's simple_tokenizer.py runs it first). Why and how: docs/text-cleaning.md.
 *
 * <p>The text is fixed line by line (each line keeps its '\n'; lines over a million code points are cut in
 * pieces). On each piece these fixes run, in this order, and the whole sequence is repeated until the piece stops
 * changing, so the result is a fixed point (fixing it again changes nothing):
 * <ol>
 *   <li>HTML character references ending in ';' are decoded ({@code &amp;amp;} takes two rounds), including
 *       upper-cased names of lower-case ones ({@code &EACUTE;} is É); from the first line that contains a '&lt;'
 *       on, none are (the text is taken to be HTML);</li>
 *   <li>mojibake is repaired ({@link MojibakeRepair}: "cafÃ©" is "café");</li>
 *   <li>C1 control characters become their Windows-1252 characters (U+0080 is €);</li>
 *   <li>Latin ligatures are taken apart (ﬁ is fi, ĳ is ij; æ and œ stay);</li>
 *   <li>full-width forms (U+FF01..U+FFEF) become their normal-width characters by NFKC, and the ideographic space
 *       U+3000 a space: ＡＢＣ is ABC, ｶ is カ, 、 and 。 stay;</li>
 *   <li>curly quotes become straight: ‘ ’ ‚ ‛ ʼ are ', “ ” „ ‟ are ";</li>
 *   <li>line breaks (CR LF, CR, U+2028, U+2029, U+0085) become '\n';</li>
 *   <li>unpaired UTF-16 surrogates become U+FFFD;</li>
 *   <li>ANSI terminal escapes (ESC [ digits/';' letter) are removed;</li>
 *   <li>control characters are removed: U+0000..U+0008, U+000B, U+000E..U+001F, U+007F, U+206A..U+206F, the
 *       byte-order mark U+FEFF anywhere, U+FFF9..U+FFFC (tabs, line feeds, form feeds, joiners, direction marks
 *       and C1 controls stay);</li>
 *   <li>NFC normalisation.</li>
 * </ol>
 * Instances have no state; {@link #fixText} may be called from any thread.
 */
final class TextFixer {

    /**
     * Bound on the passes of the repeat-until-unchanged loops that change the text without shortening it. ftfy
     * loops without bound. Passes that shorten the text (unescaping one level of {@code &amp;amp;...}, undoing one
     * layer of mojibake) are not counted, since they end by themselves; real text needs one or two of the others.
     * The bound only keeps hostile input from spinning forever.
     */
    static final int MAX_STALLED_PASSES = 64;

    /** ftfy's max_decode_length: longest piece fixed at once, in code points. */
    private static final int MAX_PIECE = 1_000_000;

    /** ftfy's HTML_ENTITY_RE: only references that end in ';' (so "this&not that" stays as it is). */
    private static final Pattern ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    /** ftfy's ANSI_RE; Python's \d is any decimal digit. */
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001b\\[(?:\\p{Nd}|;)*[a-zA-Z]");

    private static final Map<String, String> ENTITIES = entities();

    private static final Map<Integer, String> LIGATURES = Map.ofEntries(
            Map.entry(0x0132, "IJ"), Map.entry(0x0133, "ij"),
            // ŉ was an Afrikaans stand-in for ʼn; the apostrophe is then uncurled as well
            Map.entry(0x0149, "\u02bcn"),
            // digraphs kept for Serbian/Croatian transliteration
            Map.entry(0x01F1, "DZ"), Map.entry(0x01F2, "Dz"), Map.entry(0x01F3, "dz"),
            Map.entry(0x01C4, "D\u017d"), Map.entry(0x01C5, "D\u017e"), Map.entry(0x01C6, "d\u017e"),
            Map.entry(0x01C7, "LJ"), Map.entry(0x01C8, "Lj"), Map.entry(0x01C9, "lj"),
            Map.entry(0x01CA, "NJ"), Map.entry(0x01CB, "Nj"), Map.entry(0x01CC, "nj"),
            // typographic ligatures
            Map.entry(0xFB00, "ff"), Map.entry(0xFB01, "fi"), Map.entry(0xFB02, "fl"), Map.entry(0xFB03, "ffi"),
            Map.entry(0xFB04, "ffl"), Map.entry(0xFB05, "\u017ft"), Map.entry(0xFB06, "st"));

    private TextFixer() {
    }

    /** ftfy.fix_text(text) with the default configuration. */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescapeHtml = true;
        int position = 0;
        while (position < text.length()) {
            int lineEnd = text.indexOf('\n', position) + 1;
            if (lineEnd == 0) {
                lineEnd = text.length();
            }
            int pieceEnd = text.codePointCount(position, lineEnd) > MAX_PIECE
                    ? text.offsetByCodePoints(position, MAX_PIECE) : lineEnd;
            String piece = text.substring(position, pieceEnd);
            // ftfy's unescape_html="auto": once a piece holds '<', the rest of the text is treated as HTML
            if (piece.indexOf('<') >= 0) {
                unescapeHtml = false;
            }
            out.append(fixPiece(piece, unescapeHtml));
            position = pieceEnd;
        }
        return out.toString();
    }

    /** ftfy.fix_and_explain's loop for one piece. */
    static String fixPiece(String text, boolean unescapeHtml) {
        int stalled = 0;
        while (true) {
            String original = text;
            if (unescapeHtml) {
                text = unescapeHtml(text);
            }
            text = MojibakeRepair.fixEncoding(text);
            text = MojibakeRepair.fixC1Controls(text);
            text = fixLatinLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = removeTerminalEscapes(text);
            text = removeControlCharacters(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(original)
                    || (text.length() >= original.length() && ++stalled >= MAX_STALLED_PASSES)) {
                return text;
            }
        }
    }

    /**
     * ftfy's unescape_html: references ending in ';' with an HTML5 name, an upper-cased HTML5 name that is not
     * itself a name, or a number (decoded as Python's html.unescape decodes it); anything else stays.
     */
    static String unescapeHtml(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher matcher = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (matcher.find()) {
            String reference = matcher.group();
            String replacement = ENTITIES.get(reference);
            if (replacement == null && reference.startsWith("&#")) {
                String decoded = HtmlUnescaper.html5().unescape(reference);
                // only when the number took the whole reference, ';' included ("&#65x;" stays)
                replacement = decoded.indexOf(';') >= 0 ? reference : decoded;
            }
            out.append(text, last, matcher.start()).append(replacement == null ? reference : replacement);
            last = matcher.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** ftfy's fix_latin_ligatures. */
    static String fixLatinLigatures(String text) {
        return translate(text, LIGATURES);
    }

    /** ftfy's fix_character_width: U+3000 is a space, U+FF01..U+FFEF their NFKC forms. */
    static String fixCharacterWidth(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (c == '\u3000') {
                replacement = " ";
            } else if (c >= '\uFF01' && c <= '\uFFEF') {
                replacement = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** ftfy's uncurl_quotes: U+02BC and U+2018..U+201B become ', U+201C..U+201F become ". */
    static String uncurlQuotes(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char replacement = c;
            if (c == '\u02bc' || (c >= '\u2018' && c <= '\u201b')) {
                replacement = '\'';
            } else if (c >= '\u201c' && c <= '\u201f') {
                replacement = '"';
            }
            if (replacement != c && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement);
            }
        }
        return out == null ? text : out.toString();
    }

    /** ftfy's fix_line_breaks. */
    static String fixLineBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\u2028', '\n').replace('\u2029', '\n')
                .replace('\u0085', '\n');
    }

    /**
     * ftfy's fix_surrogates. A Java string holds a supplementary character as a surrogate pair already, so only
     * unpaired surrogates are left to replace, with U+FFFD.
     */
    static String fixSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean lone = Character.isSurrogate(c);
            if (lone && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** ftfy's remove_terminal_escapes. */
    static String removeTerminalEscapes(String text) {
        return text.indexOf('\u001b') < 0 ? text : TERMINAL_ESCAPE.matcher(text).replaceAll("");
    }

    /** ftfy's remove_control_chars (the byte-order mark included, wherever it is). */
    static String removeControlCharacters(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean remove = isRemovedControl(c);
            if (remove && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null && !remove) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    static boolean isRemovedControl(char c) {
        return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
    }

    private static String translate(String text, Map<Integer, String> table) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            String replacement = table.get((int) text.charAt(i));
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(text.charAt(i)));
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * ftfy's entity table: "&amp;name;" for every HTML5 name ending in ';', and for each all-lower-case one also
     * its upper-cased name (value upper-cased as Python's str.upper does), unless Python's html.unescape already
     * decodes that upper-cased reference some other way (&amp;COPY; and &amp;AMP; are names of their own).
     */
    private static Map<String, String> entities() {
        HtmlUnescaper html = HtmlUnescaper.html5();
        Map<String, String> names = html.namedReferences();
        Map<String, String> table = new HashMap<>(names.size() * 2);
        for (Map.Entry<String, String> entry : names.entrySet()) {
            String name = entry.getKey();
            if (!name.endsWith(";")) {
                continue;
            }
            table.put("&" + name, entry.getValue());
            if (name.equals(name.toLowerCase(Locale.ROOT))) {
                String upper = "&" + name.toUpperCase(Locale.ROOT);
                if (html.unescape(upper).equals(upper)) {
                    table.put(upper, entry.getValue().toUpperCase(Locale.ROOT));
                }
            }
        }
        return Map.copyOf(table);
    }

    /** Number of references {@link #unescapeHtml} knows (with ';'), for tests. */
    static int entityCount() {
        return ENTITIES.size();
    }
}
