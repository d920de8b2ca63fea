package io.clipvq.engine.text;

import java.util.Arrays;

/**
 * CLIP's {@code bytes_to_unicode}: a reversible map from the 256 byte values to printable characters, so that
 * BPE works on strings without whitespace or control characters. Printable Latin-1 bytes map to themselves;
 * the other 68 bytes map to U+0100 upwards in byte order.
 */
final class ByteLevelAlphabet {

    /** byte value -> character. */
    private final char[] byteToChar = new char[256];

    /** Byte values in the reference's dictionary order (the order the first 256 vocabulary entries follow). */
    private final int[] vocabularyOrder = new int[256];

    ByteLevelAlphabet() {
        boolean[] printable = new boolean[256];
        int position = 0;
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable[b]) {
                byteToChar[b] = (char) b;
                vocabularyOrder[position++] = b;
            }
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            if (!printable[b]) {
                byteToChar[b] = (char) next++;
                vocabularyOrder[position++] = b;
            }
        }
    }

    char charFor(byte b) {
        return byteToChar[b & 0xFF];
    }

    /** The 256 byte characters in vocabulary order: entry i is token id i (and, with "</w>", id 256 + i). */
    char[] charactersInVocabularyOrder() {
        char[] chars = new char[256];
        for (int i = 0; i < 256; i++) {
            chars[i] = byteToChar[vocabularyOrder[i]];
        }
        return chars;
    }

    String encode(byte[] utf8) {
        char[] chars = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            chars[i] = charFor(utf8[i]);
        }
        return new String(chars);
    }

    /** Inverse map for decoding: character -> byte, -1 where the character is not in the alphabet. */
    int[] charToByte() {
        int[] inverse = new int[512];
        Arrays.fill(inverse, -1);
        for (int b = 0; b < 256; b++) {
            inverse[byteToChar[b]] = b;
        }
        return inverse;
    }
}
