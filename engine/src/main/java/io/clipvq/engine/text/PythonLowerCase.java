package io.clipvq.engine.text;

/**
 * Python's {@code str.lower()}, which the reference tokenizer applies, for Java strings. Java's
 * {@code toLowerCase(Locale.ROOT)} agrees except for the capital sigma: Java picks the final form ς by word
 * boundaries, Python by the Unicode Final_Sigma rule (a cased letter before it, skipping case-ignorable
 * characters, and none after), so "½Σ" lowers to "½ς" in Java but "½σ" in Python. Everything else is the simple
 * lower-case mapping plus İ (U+0130) -> "i̇", the one unconditional multi-character lower-case mapping.
 */
final class PythonLowerCase {

    private static final int CAPITAL_SIGMA = 0x3A3;
    private static final int SMALL_SIGMA = 0x3C3;
    private static final int FINAL_SIGMA = 0x3C2;
    private static final int CAPITAL_I_WITH_DOT = 0x130;

    private PythonLowerCase() {
    }

    static String lower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == CAPITAL_SIGMA) {
                out.appendCodePoint(isFinalSigma(text, i) ? FINAL_SIGMA : SMALL_SIGMA);
            } else if (c == CAPITAL_I_WITH_DOT) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(c));
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** CPython's handle_capital_sigma: \p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased}). */
    private static boolean isFinalSigma(String text, int index) {
        int before = -1;
        for (int j = index; j > 0; ) {
            int c = text.codePointBefore(j);
            j -= Character.charCount(c);
            if (!isCaseIgnorable(c)) {
                before = c;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        for (int j = index + 1; j < text.length(); ) {
            int c = text.codePointAt(j);
            if (!isCaseIgnorable(c)) {
                return !isCased(c);
            }
            j += Character.charCount(c);
        }
        return true;
    }

    /** Unicode Cased: Lowercase, Uppercase (both including their Other_ parts) or title case. */
    static boolean isCased(int c) {
        return Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c);
    }

    /** Unicode Case_Ignorable: Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter, MidNumLet or Single_Quote. */
    static boolean isCaseIgnorable(int c) {
        switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.FORMAT:
            case Character.MODIFIER_LETTER:
            case Character.MODIFIER_SYMBOL:
                return true;
            default:
                break;
        }
        switch (c) {
            case 0x27: case 0x2E: case 0x3A: case 0xB7: case 0x387: case 0x55F: case 0x5F4: case 0x2018:
            case 0x2019: case 0x2024: case 0x2027: case 0xFE13: case 0xFE52: case 0xFE55: case 0xFF07:
            case 0xFF0E: case 0xFF1A:
                return true;
            default:
                return false;
        }
    }
}
