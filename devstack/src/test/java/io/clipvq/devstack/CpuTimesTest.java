package io.clipvq.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CpuTimesTest {

    @Test
    void should_count_utime_and_stime_of_a_jit_compiler_thread() {
        // a real line from /proc/PID/task/TID/stat: pid, (comm), state, then fields 4..; utime 14 = 707, stime 15 = 12
        String c2 = "7861 (C2 CompilerThre) S 7814 7814 7814 0 -1 4194368 12003 0 0 0 707 12 0 0 20 0 25 0 "
                + "1370 8215969792 95741 18446744073709551615 1 1 0 0 0 0 0 0 16902 0 0 0 -1 1 0 0 0 0 0";

        assertThat(CpuTimes.compilerTicks(c2)).isEqualTo(719);
    }

    @Test
    void should_count_no_other_thread_even_with_spaces_and_parentheses_in_its_name() {
        String other = "7870 (pool (1) worker) R 7814 7814 7814 0 -1 4194368 12003 0 0 0 707 12 0 0 20 0 25 0 "
                + "1370 8215969792 95741 18446744073709551615 1 1 0 0 0 0 0 0 16902 0 0 0 -1 1 0 0 0 0 0";
        String c1 = "7862 (C1 CompilerThre) S 7814 7814 7814 0 -1 4194368 0 0 0 0 30 3 0 0 20 0 25 0 "
                + "1370 8215969792 95741 18446744073709551615 1 1 0 0 0 0 0 0 16902 0 0 0 -1 1 0 0 0 0 0";

        assertThat(CpuTimes.compilerTicks(other)).isZero();
        assertThat(CpuTimes.compilerTicks(c1)).isEqualTo(33);
    }

    @Test
    void should_read_this_jvms_compiler_threads_where_proc_exists() {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).as("Linux /proc").isTrue();

        double jit = CpuTimes.jitSeconds(ProcessHandle.current().pid());

        assertThat(jit).as("JUnit and the JDK were compiled on the way here").isPositive()
                .isLessThanOrEqualTo(CpuTimes.thisProcessSeconds());
    }
}
