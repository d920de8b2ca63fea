package io.clipvq.trainer.cli;

import io.clipvq.trainer.worlds.World;
import io.clipvq.trainer.worlds.Worlds;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer's command line: {@code trainer <command>}, one subcommand per job (train, export, evaluation, the
 * training soak, the engine's speed and diversity benches), plus the commands each world plug-in brings
 * ({@link World#commands()}: its data dumps, prompt writers, pipeline).
 */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "clipvq trainer 0.1.0",
        description = "Trains the clipvq models (Gumbel VQ-GAN, CLIP-conditioned VQ-Diffusion) and exports model bundles.",
        subcommands = {TrainVqGanCommand.class, TrainDiffusionCommand.class, ExportCommand.class,
                io.clipvq.trainer.tokenizer.BuildPaletteCommand.class,
                io.clipvq.trainer.clip.TrainClipCommand.class,
                io.clipvq.trainer.eval.EvalCommand.class, io.clipvq.trainer.eval.EvalTableCommand.class,
                io.clipvq.trainer.bench.SoakCommand.class, io.clipvq.trainer.bench.BenchCommand.class,
                io.clipvq.trainer.bench.DiversityBenchCommand.class})
public final class TrainerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with every world's commands added. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new TrainerCli());
        for (World world : Worlds.all()) {
            for (Object command : world.commands()) {
                line.addSubcommand(command);
            }
        }
        return line;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
