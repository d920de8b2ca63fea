package io.clipvq.trainer.cli;

import io.clipvq.trainer.worlds.World;
import io.clipvq.trainer.worlds.Worlds;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line: {@code trainer <command>}, one subcommand per job (train, export, evaluation, the
 * training soak, the engine's speed and diversity benches), plus the commands each world plug-in brings
 * ({@link World#commands()}: its data dumps, prompt writers, pipeline) and the generic pipelines
 * ({@link PipelineCommand}: build-bundle).
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "clipvq trainer 0.1.0",
        description = "Trains the clipvq models (Gumbel VQ-GAN, CLIP-conditioned VQ-Diffusion) and exports model bundles.",
        subcommands = {TrainVqGanCommand.class, TrainDiffusionCommand.class, ExportCommand.class,
                io.clipvq.trainer.tokenizer.BuildPaletteCommand.class,
                io.clipvq.trainer.clip.TrainClipCommand.class,
                io.clipvq.trainer.eval.EvalCommand.class, io.clipvq.trainer.eval.EvalTableCommand.class,
                io.clipvq.trainer.eval.CompareCandidatesCommand.class,
                io.clipvq.trainer.bench.SoakCommand.class, io.clipvq.trainer.bench.BenchCommand.class,
                io.clipvq.trainer.bench.DiversityBenchCommand.class,
                io.clipvq.trainer.clipimport.ImportClipCommand.class,
                io.clipvq.trainer.export.QuantizeDenoiserCommand.class,
                io.clipvq.trainer.export.RerankDefaultsCommand.class})
public final class TrainerCli implements Runnable {
    static final String VERBOSE = "--verbose";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace; log the libraries' information messages.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }

    public static int execute(String... args) {
        return commandLine(java.util.Arrays.asList(args).contains(VERBOSE)).execute(args);
    }

    /** {@link #commandLine(boolean)} without --verbose. */
    public static CommandLine commandLine() {
        return commandLine(false);
    }

    /** The command line with every world's commands added; failures reported as {@link FailureReport} says. */
    public static CommandLine commandLine(boolean verbose) {
        CommandLine line = new CommandLine(new TrainerCli());
        for (PipelineCommand pipeline : java.util.ServiceLoader.load(PipelineCommand.class)) {
            line.addSubcommand(pipeline);
        }
        for (World world : Worlds.all()) {
            for (Object command : world.commands()) {
                line.addSubcommand(command);
            }
        }
        line.setExecutionExceptionHandler(new FailureReport(verbose));
        line.setParameterExceptionHandler(FailureReport::badOption);
        return line;
    }

    public static void main(String[] args) {
        // the libraries log through slf4j-simple (simplelogger.properties: warnings only); --verbose shows their
        // information messages too. Set before any logger exists.
        if (java.util.Arrays.asList(args).contains(VERBOSE)) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(execute(args));
    }
}
