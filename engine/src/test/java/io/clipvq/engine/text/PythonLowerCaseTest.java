package io.clipvq.engine.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against python_lowercase_fixture.txt, probed from Python 3.11's str.lower() (Unicode 14) by
 * engine/src/test/python/python_lowercase_fixture.py. Code points the JDK's Unicode tables do not define yet are
 * skipped: there the two runtimes cannot agree by construction.
 */
class PythonLowerCaseTest {

    private static final BitSet IGNORABLE = new BitSet();
    private static final BitSet CASED = new BitSet();
    private static final Map<Integer, String> LOWER = new HashMap<>();

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream stream = PythonLowerCaseTest.class.getResourceAsStream("python_lowercase_fixture.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "ignorable" -> readRanges(parts, IGNORABLE);
                    case "cased" -> readRanges(parts, CASED);
                    case "lower" -> {
                        StringBuilder lowered = new StringBuilder();
                        for (int i = 2; i < parts.length; i++) {
                            lowered.appendCodePoint(Integer.parseInt(parts[i], 16));
                        }
                        LOWER.put(Integer.parseInt(parts[1], 16), lowered.toString());
                    }
                    default -> { }
                }
            }
        }
        assertThat(LOWER).hasSizeGreaterThan(1000);
    }

    private static void readRanges(String[] parts, BitSet target) {
        for (int i = 1; i < parts.length; i++) {
            String[] bounds = parts[i].split("-");
            target.set(Integer.parseInt(bounds[0], 16), Integer.parseInt(bounds[1], 16) + 1);
        }
    }

    /** U+1734 HANUNOO SIGN PAMUDPOD became a non-spacing mark (Mc -> Mn) in Unicode 14; JDK 17 has Unicode 13. */
    private static final int CHANGED_IN_UNICODE_14 = 0x1734;

    @Test
    void should_classify_code_points_as_python_does_for_the_final_sigma_rule() {
        List<String> differences = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (!Character.isDefined(c) || (c >= 0xD800 && c <= 0xDFFF) || c == CHANGED_IN_UNICODE_14) {
                continue;
            }
            boolean ignorable = PythonLowerCase.isCaseIgnorable(c);
            boolean casedNotIgnorable = PythonLowerCase.isCased(c) && !ignorable;
            if (ignorable != IGNORABLE.get(c) || casedNotIgnorable != CASED.get(c)) {
                differences.add(Integer.toHexString(c));
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void should_lower_every_code_point_as_python_does() {
        List<String> differences = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (!Character.isDefined(c) || (c >= 0xD800 && c <= 0xDFFF) || c == 0x3A3) {
                continue;
            }
            String single = new String(Character.toChars(c));
            if (!PythonLowerCase.lower(single).equals(LOWER.getOrDefault(c, single))) {
                differences.add(Integer.toHexString(c));
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void should_choose_the_final_sigma_by_the_unicode_rule() {
        // expected values printed by Python 3.11
        assertThat(PythonLowerCase.lower("ΟΔΟΣ")).isEqualTo("οδος");
        assertThat(PythonLowerCase.lower("ΟΔΟΣ ΟΔΟΣ")).isEqualTo("οδος οδος");
        assertThat(PythonLowerCase.lower("Σ")).isEqualTo("σ");
        assertThat(PythonLowerCase.lower("½Σ+")).isEqualTo("½σ+");
        assertThat(PythonLowerCase.lower("AΣ'")).isEqualTo("aς'");
        assertThat(PythonLowerCase.lower("A'Σ'B")).isEqualTo("a'σ'b");
        assertThat(PythonLowerCase.lower("A.Σ")).isEqualTo("a.ς");
        assertThat(PythonLowerCase.lower("İ")).isEqualTo("i\u0307");
    }
}
