package io.clipvq.trainer.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvalReportTest {

    @Test
    void should_escape_table_cells_and_print_whole_numbers_without_a_fraction() {
        assertThat(EvalReport.cell("a | b\nc")).isEqualTo("a \\| b c");
        assertThat(EvalReport.number(1.0)).isEqualTo("1");
        assertThat(EvalReport.number(1.5)).isEqualTo("1.5");
        assertThat(EvalReport.number(0.85)).isEqualTo("0.85");
    }
}
