package io.clipvq.trainer.cli;

import io.clipvq.trainer.worlds.shapes.ShapesDumpCommand;
import io.clipvq.trainer.worlds.shapes.ShapesPromptsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The trainer's command line: {@code trainer <command>}, one subcommand per job (train, export, world data, evaluation). */
@Command(name = "trainer", mixinStandardHelpOptions = true, version = "clipvq trainer 0.1.0",
        description = "Trains the clipvq models (Gumbel VQ-GAN, CLIP-conditioned VQ-Diffusion) and exports model bundles.",
        subcommands = {TrainVqGanCommand.class, TrainDiffusionCommand.class, ExportCommand.class,
                io.clipvq.trainer.tokenizer.BuildPaletteCommand.class,
                ShapesDumpCommand.class, ShapesPromptsCommand.class,
                io.clipvq.trainer.clip.TrainClipCommand.class,
                io.clipvq.trainer.eval.EvalCommand.class, io.clipvq.trainer.eval.EvalTableCommand.class,
                io.clipvq.trainer.worlds.shapes.pipeline.ShapesBundleCommand.class,
                io.clipvq.trainer.worlds.shapes.ShapesCaptionsCommand.class,
                io.clipvq.trainer.worlds.shapes.pipeline.ShapesAblationsCommand.class,
                io.clipvq.trainer.bench.SoakCommand.class,
                io.clipvq.trainer.worlds.fashionmnist.FashionSplitCommand.class,
                io.clipvq.trainer.worlds.fashionmnist.FashionPromptsCommand.class,
                io.clipvq.trainer.worlds.fashionmnist.FashionClassifierCommand.class,
                io.clipvq.trainer.worlds.fashionmnist.FashionBundleCommand.class})
public final class TrainerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }

    public static int execute(String... args) {
        return new CommandLine(new TrainerCli()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }
}
