package io.clipvq.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line of the engine library: one subcommand per tool. Run from the repository root with
 * {@code ./mvnw -q -pl engine compile exec:java -Dexec.args="tokenize"}.
 */
@Command(
        name = "clipvq-engine",
        mixinStandardHelpOptions = true,
        description = "Tools of the clipvq generation engine.",
        subcommands = {TokenizeCommand.class, CommandLine.HelpCommand.class})
public final class EngineCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The command line with all subcommands registered, for main and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new EngineCli());
        // A failing command reports its message (which names the file or value), not a stack trace.
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("error: " + exception.getMessage());
            failed.getErr().flush();
            return failed.getCommandSpec().exitCodeOnExecutionException();
        });
        return commandLine;
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        // Returning normally on success keeps an in-process runner (exec:java) alive to finish its own work.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }
}
