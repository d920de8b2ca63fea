package io.clipvq.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds used so far by the processes of a system-bench run, as the operating system counts them: the worker
 * (a child process), this process (the bench driver, and Kafka and the S3 server, which run in it) and PostgreSQL
 * (its server daemonizes, so its processes are found by name: every process named {@code postgres}, which on a
 * shared machine may include another server's). The difference of two readings says where the cores went in between.
 * A process that has already exited is no longer counted.
 *
 * <p>{@code workerJit} and {@code thisProcessJit} are the parts spent by the JVMs' JIT compiler threads (Linux only,
 * from {@code /proc/PID/task/TID/stat}; 0 elsewhere): work a longer-running process would have finished already.
 */
record CpuTimes(double worker, double thisProcess, double postgres, double workerJit, double thisProcessJit) {

    /** Linux reports thread times in clock ticks of 1/USER_HZ s; USER_HZ is 100 on every architecture it supports. */
    private static final double TICKS_PER_SECOND = 100;

    static CpuTimes read(ProcessHandle worker) {
        double postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToDouble(CpuTimes::seconds).sum();
        ProcessHandle self = ProcessHandle.current();
        return new CpuTimes(seconds(worker), seconds(self), postgres, jitSeconds(worker.pid()), jitSeconds(self.pid()));
    }

    static double thisProcessSeconds() {
        return seconds(ProcessHandle.current());
    }

    CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(worker - earlier.worker, thisProcess - earlier.thisProcess, postgres - earlier.postgres,
                workerJit - earlier.workerJit, thisProcessJit - earlier.thisProcessJit);
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    /** User and system time of the process's threads named "C1 CompilerThre..." or "C2 CompilerThre...". */
    static double jitSeconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToLong(thread -> compilerTicks(thread.resolve("stat"))).sum() / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** A thread's utime + stime when it is a JIT compiler thread, else 0. Format: proc(5), fields 14 and 15. */
    static long compilerTicks(Path stat) {
        String line;
        try {
            line = Files.readAllLines(stat).get(0);
        } catch (IOException | RuntimeException threadEnded) {
            return 0;
        }
        return compilerTicks(line);
    }

    static long compilerTicks(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        String name = statLine.substring(open + 1, close);
        if (!name.matches("C[12] CompilerThre.*")) {
            return 0;
        }
        // after "(name) ": state is field 3, so utime (14) and stime (15) are the 12th and 13th fields from here
        String[] fields = statLine.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
