package io.clipvq.worker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line client: {@code submit}, {@code status}, {@code cancel}. It is a plain Java main (no Quarkus
 * start-up), run from the worker's packaged libraries:
 *
 * <pre>
 * java -cp "worker/target/quarkus-app/app/*:worker/target/quarkus-app/lib/main/*" io.clipvq.worker.cli.ClipvqCli status
 * </pre>
 *
 * Connection settings default to the same environment variables the worker reads.
 */
@Command(name = "clipvq", mixinStandardHelpOptions = true, version = "clipvq 0.1.0",
        description = "Submit, follow and cancel clipvq image jobs.",
        subcommands = {SubmitCommand.class, StatusCommand.class, CancelCommand.class,
                io.clipvq.worker.bulk.SynthCommand.class})
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
