package io.clipvq.engine.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML character-reference decoding with the exact rules of Python's {@code html.unescape}, which CLIP's
 * reference text clean-up applies twice: HTML5 named references (with the standard's longest-prefix rule for
 * references without ';'), decimal and hexadecimal numeric references including the Windows-1252 remapping of
 * 0x80-0x9F, U+FFFD for surrogates and out-of-range values, and removal of the code points the standard forbids.
 */
final class HtmlUnescaper {

    private static final String ENTITY_TABLE = "html5_entities.tsv";

    private static final Pattern CHARACTER_REFERENCE =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");

    private static final Map<Integer, String> INVALID_CHARREFS = invalidCharrefs();

    private static final Set<Integer> FORBIDDEN_CODE_POINTS = forbiddenCodePoints();

    private static final HtmlUnescaper INSTANCE = new HtmlUnescaper(loadEntities());

    private final Map<String, String> namedReferences;

    private HtmlUnescaper(Map<String, String> namedReferences) {
        this.namedReferences = namedReferences;
    }

    /** The shared instance backed by the HTML5 named-reference table on the classpath. */
    static HtmlUnescaper html5() {
        return INSTANCE;
    }

    /** The HTML5 named references, keyed by the name as it follows '&' (with its ';' where it has one). */
    Map<String, String> namedReferences() {
        return namedReferences;
    }

    String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher matcher = CHARACTER_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replace(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String replace(String reference) {
        if (reference.charAt(0) == '#') {
            return numericReference(reference);
        }
        String named = namedReferences.get(reference);
        if (named != null) {
            return named;
        }
        // References without ';' may be a legacy name followed by ordinary text ("&notit;" -> "¬it;").
        for (int length = reference.length() - 1; length > 1; length--) {
            String prefix = namedReferences.get(reference.substring(0, length));
            if (prefix != null) {
                return prefix + reference.substring(length);
            }
        }
        return "&" + reference;
    }

    private static String numericReference(String reference) {
        boolean hex = reference.charAt(1) == 'x' || reference.charAt(1) == 'X';
        String digits = reference.substring(hex ? 2 : 1);
        if (digits.endsWith(";")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        // Digits are unbounded in the pattern; anything past the Unicode range is only "too large".
        BigInteger value = new BigInteger(digits, hex ? 16 : 10);
        if (value.compareTo(BigInteger.valueOf(Character.MAX_CODE_POINT)) > 0) {
            return "\uFFFD";
        }
        int codePoint = value.intValue();
        String remapped = INVALID_CHARREFS.get(codePoint);
        if (remapped != null) {
            return remapped;
        }
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
            return "\uFFFD";
        }
        if (FORBIDDEN_CODE_POINTS.contains(codePoint)) {
            return "";
        }
        return new String(Character.toChars(codePoint));
    }

    private static Map<String, String> loadEntities() {
        InputStream stream = HtmlUnescaper.class.getResourceAsStream(ENTITY_TABLE);
        if (stream == null) {
            throw new IllegalStateException("classpath resource io/clipvq/engine/text/" + ENTITY_TABLE + " is missing");
        }
        Map<String, String> table = new HashMap<>(4096);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII))) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    throw new IllegalStateException(ENTITY_TABLE + " line " + lineNumber + " has no name/value tab: " + line);
                }
                StringBuilder value = new StringBuilder(2);
                for (String hexCodePoint : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hexCodePoint, 16));
                }
                table.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ENTITY_TABLE, e);
        }
        return Map.copyOf(table);
    }

    private static Map<Integer, String> invalidCharrefs() {
        Map<Integer, String> map = new HashMap<>();
        map.put(0x00, "\uFFFD");
        map.put(0x0D, "\r");
        int[] windows1252 = {
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
            0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
            0x0153, 0x9D, 0x017E, 0x0178};
        for (int i = 0; i < windows1252.length; i++) {
            map.put(0x80 + i, String.valueOf((char) windows1252[i]));
        }
        return Map.copyOf(map);
    }

    private static Set<Integer> forbiddenCodePoints() {
        HashSet<Integer> set = new HashSet<>();
        for (int c = 0x1; c <= 0x8; c++) {
            set.add(c);
        }
        for (int c = 0xE; c <= 0x1F; c++) {
            set.add(c);
        }
        for (int c = 0x7F; c <= 0x9F; c++) {
            set.add(c);
        }
        for (int c = 0xFDD0; c <= 0xFDEF; c++) {
            set.add(c);
        }
        set.add(0xB);
        for (int plane = 0; plane <= 0x10; plane++) {
            set.add(plane * 0x10000 + 0xFFFE);
            set.add(plane * 0x10000 + 0xFFFF);
        }
        return Set.copyOf(set);
    }
}
