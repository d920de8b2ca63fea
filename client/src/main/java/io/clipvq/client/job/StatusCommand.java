package io.clipvq.client.job;

import io.clipvq.client.options.DatabaseOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a job (and with --images its images) from the database, or the latest jobs.")
public class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Parameters(index = "0", arity = "0..1", description = "the job id (none: list the latest jobs)")
    String jobId;

    @Option(names = "--images", description = "also list the job's images")
    boolean images;

    @Option(names = "--limit", defaultValue = "20", description = "how many jobs to list (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = database.connect()) {
            if (jobId == null) {
                listJobs(connection, out);
                return 0;
            }
            try (PreparedStatement job = connection.prepareStatement(StatusQueries.JOB)) {
                job.setString(1, jobId);
                try (ResultSet row = job.executeQuery()) {
                    if (!row.next()) {
                        spec.commandLine().getErr().println("no job with id " + jobId);
                        return 1;
                    }
                    out.printf("job       %s%nstatus    %s%nimages    %d of %s%nattempts  %d%nworker    %s%n",
                            row.getString("job_id"), row.getString("status"), row.getInt("images_written"),
                            row.getObject("images_expected") == null ? "?" : row.getInt("images_expected"),
                            row.getInt("attempts"), nullToDash(row.getString("worker_id")));
                    if (row.getObject("position") != null) {
                        out.printf("queue     %d of %d queued jobs%n", row.getLong("position"), row.getLong("queued"));
                    }
                    out.printf("created   %s%nstarted   %s%nfinished  %s%n", row.getObject("created_at"),
                            nullToDash(row.getObject("started_at")), nullToDash(row.getObject("finished_at")));
                    if (row.getString("error") != null) {
                        out.printf("error     %s%n", row.getString("error"));
                    }
                    if (row.getString("cancel_reason") != null) {
                        out.printf("cancel    %s%n", row.getString("cancel_reason"));
                    }
                }
            }
            if (images) {
                try (PreparedStatement list = connection.prepareStatement(StatusQueries.IMAGES)) {
                    list.setString(1, jobId);
                    try (ResultSet row = list.executeQuery()) {
                        while (row.next()) {
                            out.printf("  p%d r%d  cand %2d  clip %.4f  %dx%d  %s  %s%n", row.getInt(1), row.getInt(2),
                                    row.getInt(3), row.getDouble(4), row.getInt(7), row.getInt(8), row.getString(5),
                                    row.getString(6));
                        }
                    }
                }
            }
        }
        return 0;
    }

    private void listJobs(Connection connection, PrintWriter out) throws java.sql.SQLException {
        try (PreparedStatement counts = connection.prepareStatement(StatusQueries.COUNT_BY_STATUS);
             ResultSet row = counts.executeQuery()) {
            StringBuilder line = new StringBuilder("jobs:");
            while (row.next()) {
                line.append(' ').append(row.getString(1)).append('=').append(row.getLong(2));
            }
            out.println(line);
        }
        try (PreparedStatement recent = connection.prepareStatement(StatusQueries.RECENT_JOBS)) {
            recent.setInt(1, limit);
            try (ResultSet row = recent.executeQuery()) {
                while (row.next()) {
                    out.printf("%-40s %-10s %5d/%-5s %s %s%n", row.getString(1), row.getString(2), row.getInt(3),
                            row.getObject(4) == null ? "?" : row.getInt(4), row.getObject(5), row.getString(6));
                }
            }
        }
    }

    private static Object nullToDash(Object value) {
        return value == null ? "-" : value;
    }
}
