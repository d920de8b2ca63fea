package io.clipvq.engine.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HashMap;
import java.util.Map;

/**
 * A single-byte encoding as ftfy's mojibake repair uses it (docs/text-cleaning.md): a table of what each of the 256
 * bytes decodes to, and the reverse for encoding.
 *
 * <p>The "sloppy" variants follow ftfy's bad_codecs.sloppy: bytes the real encoding leaves unassigned decode to the
 * Latin-1 character of the same number (so windows-1252's 0x81 is U+0081), and byte 0x1A stands for U+FFFD, the
 * replacement character (so text in which a decoder already put U+FFFD can still be re-encoded). The tables come
 * from the JDK's charsets, whose 256 entries were compared with CPython 3.11's codecs for every encoding used here
 * and agree.
 */
final class SingleByteCodec {

    private static final char REPLACEMENT = '\uFFFD';
    private static final int SUBSTITUTE_BYTE = 0x1A;

    private final String name;
    private final boolean sloppy;
    private final char[] decodeTable = new char[256];
    private final Map<Character, Integer> encodeTable = new HashMap<>(512);

    private SingleByteCodec(String name, boolean sloppy, char[] table) {
        this.name = name;
        this.sloppy = sloppy;
        System.arraycopy(table, 0, decodeTable, 0, 256);
        for (int b = 0; b < 256; b++) {
            if (encodeTable.put(table[b], b) != null) {
                throw new IllegalStateException(name + " decodes two bytes to U+" + Integer.toHexString(table[b]));
            }
        }
    }

    /** ISO-8859-1: every byte is the code point of the same number. */
    static SingleByteCodec latin1() {
        char[] table = new char[256];
        for (int b = 0; b < 256; b++) {
            table[b] = (char) b;
        }
        return new SingleByteCodec("latin-1", false, table);
    }

    /** The JDK charset as it is; every byte must be assigned. */
    static SingleByteCodec strict(String name, String javaCharset) {
        char[] table = new char[256];
        for (int b = 0; b < 256; b++) {
            char c = decodeByte(javaCharset, b);
            if (c == REPLACEMENT) {
                throw new IllegalStateException(javaCharset + " leaves byte " + b + " unassigned");
            }
            table[b] = c;
        }
        return new SingleByteCodec(name, false, table);
    }

    /** ftfy's sloppy-NAME: unassigned bytes decode as Latin-1, byte 0x1A as U+FFFD. */
    static SingleByteCodec sloppy(String name, String javaCharset) {
        char[] table = new char[256];
        for (int b = 0; b < 256; b++) {
            char c = decodeByte(javaCharset, b);
            table[b] = c == REPLACEMENT ? (char) b : c;
        }
        table[SUBSTITUTE_BYTE] = REPLACEMENT;
        return new SingleByteCodec("sloppy-" + name, true, table);
    }

    /** What byte b decodes to in the JDK charset, or U+FFFD where the charset leaves it unassigned. */
    static char decodeByte(String javaCharset, int b) {
        Charset charset;
        try {
            charset = Charset.forName(javaCharset);
        } catch (UnsupportedCharsetException e) {
            throw new IllegalStateException("the JVM lacks charset " + javaCharset
                    + " (module jdk.charsets), which the text fixer needs", e);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String decoded = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) b})).toString();
            return decoded.length() == 1 ? decoded.charAt(0) : REPLACEMENT;
        } catch (CharacterCodingException e) {
            return REPLACEMENT;
        }
    }

    String name() {
        return name;
    }

    boolean isSloppy() {
        return sloppy;
    }

    char decode(int b) {
        return decodeTable[b & 0xFF];
    }

    /** ftfy's possible_encoding: every character of the text has a byte in this encoding. */
    boolean canEncode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!encodeTable.containsKey(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of the text; only call after {@link #canEncode} said yes. */
    byte[] encode(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            Integer b = encodeTable.get(text.charAt(i));
            if (b == null) {
                throw new IllegalArgumentException(name + " cannot encode U+" + Integer.toHexString(text.charAt(i)));
            }
            bytes[i] = (byte) (int) b;
        }
        return bytes;
    }

    @Override
    public String toString() {
        return name;
    }
}
