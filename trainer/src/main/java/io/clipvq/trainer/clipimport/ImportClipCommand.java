package io.clipvq.trainer.clipimport;

import io.clipvq.contracts.bundle.BundleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code trainer import-clip}: a pretrained CLIP's ONNX export into the bundle's signatures ({@link ClipImporter}). */
@Command(name = "import-clip", mixinStandardHelpOptions = true,
        description = {"Imports a pretrained CLIP exported to ONNX (a text and an image model) for a bundle: wraps them "
                + "into the bundle's clip_text / clip_image signatures (weights untouched), checks the tokenizer, "
                + "records the preprocessing, and checks the result with the engine.",
                "Writes clip_text.onnx, clip_image.onnx, tokenizer/ and clip.json into --out, for build-bundle --clip."})
public final class ImportClipCommand implements Callable<Integer> {

    @Option(names = "--text-model", required = true, paramLabel = "FILE", description = "The text model (.onnx).")
    Path textModel;

    @Option(names = "--image-model", required = true, paramLabel = "FILE", description = "The image model (.onnx).")
    Path imageModel;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (absent or empty).")
    Path out;

    @Option(names = "--vocab", paramLabel = "FILE", description = "The tokenizer's vocab.json (with --merges).")
    Path vocabJson;

    @Option(names = "--merges", paramLabel = "FILE", description = "The tokenizer's merges.txt (with --vocab).")
    Path mergesTxt;

    @Option(names = "--bpe", paramLabel = "FILE",
            description = "A merge list in OpenAI's format (bpe_simple_vocab_16e6.txt[.gz]) instead of --vocab/--merges;"
                    + " neither: the engine's own, OpenAI's.")
    Path bpeFile;

    @Option(names = "--text-input", defaultValue = "input_ids", description = "Token id input (default ${DEFAULT-VALUE}).")
    String textInput;

    @Option(names = "--text-mask", defaultValue = "attention_mask",
            description = "Attention mask input, computed from the ids when the model has it (default ${DEFAULT-VALUE}).")
    String textMask;

    @Option(names = "--text-output", defaultValue = "text_embeds",
            description = "Text embedding output (default ${DEFAULT-VALUE}).")
    String textOutput;

    @Option(names = "--image-input", defaultValue = "pixel_values",
            description = "Pixel input, [B, 3, S, S] (default ${DEFAULT-VALUE}).")
    String imageInput;

    @Option(names = "--image-output", defaultValue = "image_embeds",
            description = "Image embedding output (default ${DEFAULT-VALUE}).")
    String imageOutput;

    @Option(names = "--image-size", paramLabel = "S",
            description = "Image side S, only where the model leaves it open (default: read from the model).")
    Integer imageSize;

    @Option(names = "--mean", split = ",", paramLabel = "R,G,B", description = "Pixel mean (default: OpenAI's).")
    List<Double> mean = BundleManifest.ClipPreprocessing.OPENAI_MEAN;

    @Option(names = "--std", split = ",", paramLabel = "R,G,B", description = "Pixel std (default: OpenAI's).")
    List<Double> std = BundleManifest.ClipPreprocessing.OPENAI_STD;

    @Option(names = "--resize", defaultValue = "bicubic", description = "bicubic or bilinear (default ${DEFAULT-VALUE}).")
    String resize;

    @Override
    public Integer call() throws Exception {
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("--mean and --std take three values, R,G,B");
        }
        BundleManifest.ResizeMode resizeMode = switch (resize) {
            case "bicubic" -> BundleManifest.ResizeMode.BICUBIC;
            case "bilinear" -> BundleManifest.ResizeMode.BILINEAR;
            default -> throw new IllegalArgumentException("--resize is bicubic or bilinear, not '" + resize + "'");
        };
        ClipImporter.run(new ClipImporter.Request(textModel, imageModel,
                new ClipImporter.TextNames(textInput, textMask, textOutput),
                new ClipImporter.ImageNames(imageInput, imageOutput),
                new ClipImporter.Tokenizer(vocabJson, mergesTxt, bpeFile), imageSize,
                new BundleManifest.ClipPreprocessing(0, mean, std, resizeMode, 0), out), System.out);
        return 0;
    }
}
