package io.clipvq.trainer.worlds.shapes.pipeline;

import io.clipvq.trainer.worlds.ClipEmbedder;
import io.clipvq.trainer.worlds.CaptionedImage;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.World;
import io.clipvq.trainer.worlds.shapes.ShapesCaptionsCommand;
import io.clipvq.trainer.worlds.shapes.ShapesClipGeometryCommand;
import io.clipvq.trainer.worlds.shapes.ShapesDataset;
import io.clipvq.trainer.worlds.shapes.ShapesDumpCommand;
import io.clipvq.trainer.worlds.shapes.ShapesImage;
import io.clipvq.trainer.worlds.shapes.ShapesImageCheck;
import io.clipvq.trainer.worlds.shapes.ShapesPromptsCommand;
import io.clipvq.trainer.worlds.shapes.ShapesZeroShot;

import io.clipvq.trainer.pipeline.AblationsCommand;
import io.clipvq.trainer.pipeline.PipelineStages;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Shapes world (docs/worlds.md) as a trainer plug-in: fresh captioned scenes, zero-shot attribute questions, and
 * the world's commands. It sits beside the pipelines it registers, so that the world package does not depend on them.
 */
public final class ShapesWorld implements World {
    public static final String NAME = "shapes";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Object> commands() {
        return List.of(new ShapesDumpCommand(), new ShapesPromptsCommand(), new ShapesCaptionsCommand(),
                new ShapesClipGeometryCommand(),
                new ShapesBundleCommand(), AblationsCommand.forWorld(this));
    }

    @Override
    public int imageSize() {
        return ShapesImage.SIZE;
    }

    @Override
    public List<CaptionedImage> captionedPairs(int count, long seed) {
        return List.copyOf(ShapesDataset.builder().optSeed(seed).build().captioned(count));
    }

    /** shapes-prompts at shapes-bundle's size: 2 prompts per colour-shape pair, left-out pairs included. */
    @Override
    public void writeEvalPrompts(Path file, long seed) throws Exception {
        PipelineStages.run(new ShapesPromptsCommand(), "--per-composition", 2, "--seed", seed, "--out", file.toString());
    }

    /** shapes-captions: each image's scene, from the split's scenes.jsonl, worded by the caption writer. */
    @Override
    public void writePairedCaptions(Path imageOnlySplit, Path file, long seed) throws Exception {
        PipelineStages.run(new ShapesCaptionsCommand(), "--split", imageOnlySplit.toString(), "--out", file.toString(),
                "--seed", seed);
    }

    /** Groups "full/shape", "single/colour", ...: {@link ShapesZeroShot}'s two wordings per attribute. */
    @Override
    public ZeroShotResult zeroShot(ClipEmbedder clip, int images, long seed) throws Exception {
        ShapesZeroShot.Result result = ShapesZeroShot.evaluate(clip, ShapesZeroShot.scenes(images, seed), seed);
        Map<String, Double> accuracy = new LinkedHashMap<>();
        result.accuracy().forEach((wording, byAttribute) -> byAttribute.forEach((attribute, value) ->
                accuracy.put(wording.label() + "/" + attribute.label(), value)));
        return new ZeroShotResult(result.scenes(), accuracy);
    }

    /** The pixel-only attribute checker and the exactly rendered real images; needs nothing under {@code cacheDir}. */
    @Override
    public Optional<GeneratedImageCheck> generatedImageCheck(Path cacheDir) {
        return Optional.of(new ShapesImageCheck(NAME));
    }
}
