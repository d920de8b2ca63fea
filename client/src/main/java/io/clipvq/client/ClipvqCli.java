package io.clipvq.client;

import io.clipvq.client.bulk.SynthCommand;
import io.clipvq.client.job.CancelCommand;
import io.clipvq.client.job.StatusCommand;
import io.clipvq.client.job.SubmitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line client: {@code submit}, {@code status}, {@code cancel}, {@code synth}. A plain Java main (no
 * Quarkus), on api-contracts, the Kafka client and the PostgreSQL driver only; {@code client/bin/clipvq} runs it
 * from the packaged module:
 *
 * <pre>
 * java -cp "client/target/client-0.1.0-SNAPSHOT.jar:client/target/lib/*" io.clipvq.client.ClipvqCli status
 * </pre>
 *
 * Connection settings default to the same environment variables the worker reads.
 */
@Command(name = "clipvq", mixinStandardHelpOptions = true, version = "clipvq 0.1.0",
        description = "Submit, follow and cancel clipvq image jobs.",
        subcommands = {SubmitCommand.class, StatusCommand.class, CancelCommand.class, SynthCommand.class})
public class ClipvqCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its error handling: a failure prints one line naming the problem, not a trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new ClipvqCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getMessage() == null) {
                cause = cause.getCause();
            }
            cmd.getErr().println("clipvq " + cmd.getCommandName() + ": " + cause);
            return 1;
        });
    }
}
