package io.clipvq.trainer.cli;

/**
 * A command that runs the trainer's own commands in order (a pipeline, such as build-bundle). Such commands depend on
 * this package's commands, so {@link TrainerCli} finds them with {@link java.util.ServiceLoader} (listed in
 * META-INF/services/io.clipvq.trainer.cli.PipelineCommand) instead of naming them, which keeps the packages free of
 * cycles; a world's pipelines come with the world ({@link io.clipvq.trainer.worlds.World#commands()}).
 */
public interface PipelineCommand {
}
