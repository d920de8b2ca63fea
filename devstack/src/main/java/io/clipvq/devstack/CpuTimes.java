package io.clipvq.devstack;

/**
 * CPU seconds used so far by the processes of a system-bench run, as the operating system counts them: the worker
 * (a child process), this process (the bench driver, and Kafka and the S3 server, which run in it) and PostgreSQL
 * (its server daemonizes, so its processes are found by name: every process named {@code postgres}, which on a
 * shared machine may include another server's). The difference of two readings says where the cores went in between.
 * A process that has already exited is no longer counted.
 */
record CpuTimes(double worker, double thisProcess, double postgres) {

    static CpuTimes read(ProcessHandle worker) {
        double postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToDouble(CpuTimes::seconds).sum();
        return new CpuTimes(seconds(worker), seconds(ProcessHandle.current()), postgres);
    }

    static double thisProcessSeconds() {
        return seconds(ProcessHandle.current());
    }

    CpuTimes minus(CpuTimes earlier) {
        return new CpuTimes(worker - earlier.worker, thisProcess - earlier.thisProcess, postgres - earlier.postgres);
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }
}
