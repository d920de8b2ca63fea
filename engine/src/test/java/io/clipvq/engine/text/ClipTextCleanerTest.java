package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClipTextCleanerTest {

    private final ClipTextCleaner cleaner = new ClipTextCleaner();

    @Test
    void should_unescape_twice_strip_collapse_and_lower_case() {
        assertThat(cleaner.clean("  Fish &amp;amp; CHIPS\t\n\u3000now ")).isEqualTo("fish & chips now");
    }

    @Test
    void should_collapse_exactly_the_unicode_white_space_set_of_the_regex_module() {
        // Python: [hex(c) for c in range(0x110000) if regex.match(r'\s', chr(c))] (regex 2026.5.9)
        int[] expected = {0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
            0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000};
        Pattern whitespace = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);
        List<Integer> matched = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (whitespace.matcher(new String(Character.toChars(c))).matches()) {
                matched.add(c);
            }
        }
        assertThat(matched).containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Integer[]::new));
    }

    @Test
    void should_strip_like_python_str_strip_including_information_separators() {
        // Python: [hex(c) for c in range(0x110000) if chr(c).isspace()] = the set above plus 0x1c..0x1f
        List<Integer> stripped = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (ClipTextCleaner.isPythonSpace((char) c)) {
                stripped.add(c);
            }
        }
        assertThat(stripped).containsExactly(0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0,
                0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
                0x2028, 0x2029, 0x202f, 0x205f, 0x3000);
        assertThat(ClipTextCleaner.pythonStrip("\u001c a\u001eb \u001f")).isEqualTo("a\u001eb");
    }
}
