package io.clipvq.trainer.clipimport;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.bundle.Sha256;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.modelbuild.onnx.OnnxModelFile;
import io.clipvq.modelbuild.onnx.OnnxModelFile.Tensor;
import io.clipvq.modelbuild.onnx.OnnxType;
import io.clipvq.modelbuild.onnx.SignatureAdapter;
import io.clipvq.modelbuild.onnx.SignatureAdapter.Edge;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a pretrained CLIP exported to ONNX (a text and an image model, any input and output names) into the
 * bundle's clip_text / clip_image signatures ({@link BundleSignatures}). The models' nodes and weights are kept as they
 * are; {@link SignatureAdapter} only adds nodes at their edges (renames, casts of int32 ids, an attention mask computed
 * from the ids). Everything that would make the bundle refuse them later is refused here, naming the file, the tensor
 * and the shapes; at the end the engine opens the imported files and embeds a text and an image with them.
 * See docs/own-model.md.
 */
public final class ClipImporter {
    static final int[] INT_TYPES = {OnnxType.INT64.code(), OnnxType.INT32.code()};

    /** What to import and how its tensors are named. */
    public record Request(Path textModel, Path imageModel, TextNames text, ImageNames image, Tokenizer tokenizer,
                          Integer imageSize, BundleManifest.ClipPreprocessing preprocessing, Path out) {
    }

    public record TextNames(String inputIds, String attentionMask, String embeds) {
        public static final TextNames COMMON = new TextNames("input_ids", "attention_mask", "text_embeds");
    }

    public record ImageNames(String pixelValues, String embeds) {
        public static final ImageNames COMMON = new ImageNames("pixel_values", "image_embeds");
    }

    /** Either a Hugging Face vocab.json + merges.txt, or a merge list in OpenAI's format; none: the engine's own. */
    public record Tokenizer(Path vocabJson, Path mergesTxt, Path bpeFile) {
    }

    private ClipImporter() {
    }

    public static ImportedClip run(Request request, PrintStream progress) throws IOException {
        requireEmptyOrAbsent(request.out());
        OnnxModelFile text = OnnxModelFile.read(request.textModel());
        OnnxModelFile image = OnnxModelFile.read(request.imageModel());

        Tensor ids = requireInput(text, request.text().inputIds(), "--text-input");
        requireBatched(text, ids, 2, INT_TYPES);
        if (ids.hasFixedDim(1) && ids.dims()[1] != ClipTokenizer.CONTEXT_LENGTH) {
            throw new IllegalArgumentException(text.file() + ": input " + ids.describe() + " takes sequences of "
                    + ids.dims()[1] + " tokens; the bundle's tokenizer gives " + ClipTokenizer.CONTEXT_LENGTH);
        }
        Tensor mask = text.input(request.text().attentionMask()).orElse(null);
        if (mask != null) {
            requireBatched(text, mask, 2, INT_TYPES);
        }
        requireNoOtherInputs(text, List.of(ids.name(), mask == null ? ids.name() : mask.name()),
                "the token ids (--text-input) or the attention mask (--text-mask)");
        Tensor textEmbeds = requireOutput(text, request.text().embeds(), "--text-output");
        requireBatched(text, textEmbeds, 2, new int[]{OnnxType.FLOAT.code()});

        Tensor pixels = requireInput(image, request.image().pixelValues(), "--image-input");
        requireBatched(image, pixels, 4, new int[]{OnnxType.FLOAT.code()});
        requireNoOtherInputs(image, List.of(pixels.name()), "the pixel values (--image-input)");
        Tensor imageEmbeds = requireOutput(image, request.image().embeds(), "--image-output");
        requireBatched(image, imageEmbeds, 2, new int[]{OnnxType.FLOAT.code()});
        int imageSize = imageSize(image, pixels, request.imageSize());
        if (textEmbeds.hasFixedDim(1) && imageEmbeds.hasFixedDim(1) && textEmbeds.dims()[1] != imageEmbeds.dims()[1]) {
            throw new IllegalArgumentException("the text and image embeddings differ in size: " + text.file() + " "
                    + textEmbeds.describe() + ", " + image.file() + " " + imageEmbeds.describe());
        }

        byte[] bpe = tokenizerBytes(request.tokenizer());
        Path out = request.out();
        Files.createDirectories(out.resolve(BundleSignatures.TOKENIZER_VOCAB).getParent());
        progress.println("adapting " + text.file() + " (" + OnnxModelFile.describe(text.inputs()) + " -> "
                + textEmbeds.describe() + ")");
        Files.write(out.resolve(BundleSignatures.CLIP_TEXT), SignatureAdapter.adapt(text,
                List.of(new Edge(ids.name(), BundleSignatures.CLIP_TEXT_INPUT_IDS, OnnxType.INT64)),
                List.of(new Edge(textEmbeds.name(), BundleSignatures.CLIP_TEXT_EMBEDS, OnnxType.FLOAT)),
                mask == null ? null : new SignatureAdapter.MaskFromIds(mask.name(),
                        BundleSignatures.CLIP_TEXT_INPUT_IDS)));
        progress.println("adapting " + image.file() + " (" + pixels.describe() + " -> " + imageEmbeds.describe() + ")");
        Files.write(out.resolve(BundleSignatures.CLIP_IMAGE), SignatureAdapter.adapt(image,
                List.of(new Edge(pixels.name(), BundleSignatures.CLIP_IMAGE_PIXELS, OnnxType.FLOAT)),
                List.of(new Edge(imageEmbeds.name(), BundleSignatures.CLIP_IMAGE_EMBEDS, OnnxType.FLOAT))));
        Files.write(out.resolve(BundleSignatures.TOKENIZER_VOCAB), bpe);

        BundleManifest.ClipPreprocessing preprocessing = new BundleManifest.ClipPreprocessing(imageSize,
                request.preprocessing().mean(), request.preprocessing().std(), request.preprocessing().resize(),
                ClipTokenizer.CONTEXT_LENGTH);
        int clipDim = checkWithEngine(out, preprocessing, bpe, progress);

        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(BundleSignatures.CLIP_TEXT, request.textModel().toAbsolutePath().toString());
        sources.put(BundleSignatures.CLIP_IMAGE, request.imageModel().toAbsolutePath().toString());
        sources.put(BundleSignatures.TOKENIZER_VOCAB, tokenizerSource(request.tokenizer()));
        Map<String, String> files = new LinkedHashMap<>();
        for (String file : List.of(BundleSignatures.CLIP_TEXT, BundleSignatures.CLIP_IMAGE,
                BundleSignatures.TOKENIZER_VOCAB)) {
            files.put(file, Sha256.of(out.resolve(file)));
        }
        ImportedClip imported = new ImportedClip(ImportedClip.FORMAT_VERSION, clipDim, preprocessing, sources, files);
        imported.write(out);
        progress.println("imported CLIP (D = " + clipDim + ", " + imageSize + "-pixel images) into " + out);
        return imported;
    }

    /** Opens the imported files as the worker will and embeds a text and an image; returns D. */
    private static int checkWithEngine(Path out, BundleManifest.ClipPreprocessing preprocessing, byte[] bpe,
                                       PrintStream progress) throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ClipTokenizer tokenizer = ClipTokenizer.load(new ByteArrayInputStream(bpe), "imported tokenizer");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipTextEncoder textEncoder = ClipTextEncoder.open(env, out.resolve(BundleSignatures.CLIP_TEXT), options,
                     tokenizer);
             ClipImageEncoder imageEncoder = ClipImageEncoder.open(env, out.resolve(BundleSignatures.CLIP_IMAGE),
                     options, ClipPreprocessor.fromManifest(preprocessing))) {
            float[] textEmbedding = textEncoder.encode(List.of("a photo of a cat"))[0];
            BufferedImage gray = new BufferedImage(preprocessing.imageSize(), preprocessing.imageSize(),
                    BufferedImage.TYPE_INT_RGB);
            float[] imageEmbedding = imageEncoder.encode(List.of(gray))[0];
            if (textEmbedding.length != imageEmbedding.length) {
                throw new IllegalArgumentException("the text and image embeddings differ in size: "
                        + textEmbedding.length + " from the text model, " + imageEmbedding.length
                        + " from the image model");
            }
            requireFinite(textEmbedding, BundleSignatures.CLIP_TEXT);
            requireFinite(imageEmbedding, BundleSignatures.CLIP_IMAGE);
            progress.println("checked with the engine: a text and an image embed to " + textEmbedding.length
                    + " finite values each");
            return textEmbedding.length;
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot run the imported models: " + e.getMessage(), e);
        }
    }

    private static void requireFinite(float[] embedding, String file) {
        for (float value : embedding) {
            if (!Float.isFinite(value)) {
                throw new IllegalArgumentException(file + " gives non-finite embeddings");
            }
        }
    }

    private static byte[] tokenizerBytes(Tokenizer tokenizer) throws IOException {
        if (tokenizer.vocabJson() != null || tokenizer.mergesTxt() != null) {
            if (tokenizer.vocabJson() == null || tokenizer.mergesTxt() == null) {
                throw new IllegalArgumentException("a Hugging Face tokenizer needs both --vocab (vocab.json) and "
                        + "--merges (merges.txt)");
            }
            return TokenizerFiles.fromHuggingFace(tokenizer.vocabJson(), tokenizer.mergesTxt());
        }
        if (tokenizer.bpeFile() != null) {
            return TokenizerFiles.fromBpeFile(tokenizer.bpeFile());
        }
        try (var in = ClipTokenizer.class.getResourceAsStream(ClipTokenizer.MERGES_FILE_NAME)) {
            return in.readAllBytes();
        }
    }

    private static String tokenizerSource(Tokenizer tokenizer) {
        if (tokenizer.vocabJson() != null) {
            return tokenizer.vocabJson().toAbsolutePath() + " + " + tokenizer.mergesTxt().toAbsolutePath();
        }
        return tokenizer.bpeFile() != null ? tokenizer.bpeFile().toAbsolutePath().toString()
                : "the engine's " + ClipTokenizer.MERGES_FILE_NAME;
    }

    private static int imageSize(OnnxModelFile image, Tensor pixels, Integer requested) {
        long[] dims = pixels.dims();
        if (pixels.hasFixedDim(1) && dims[1] != 3) {
            throw new IllegalArgumentException(image.file() + ": input " + pixels.describe()
                    + " should take 3 colour channels [B, 3, S, S]");
        }
        boolean fixed = pixels.hasFixedDim(2) && pixels.hasFixedDim(3);
        if (fixed && dims[2] != dims[3]) {
            throw new IllegalArgumentException(image.file() + ": input " + pixels.describe()
                    + " takes non-square images; CLIP's preprocessing gives S x S");
        }
        if (fixed && requested != null && requested != dims[2]) {
            throw new IllegalArgumentException(image.file() + ": input " + pixels.describe() + " takes " + dims[2]
                    + "-pixel images, not the " + requested + " of --image-size");
        }
        if (fixed) {
            return Math.toIntExact(dims[2]);
        }
        if (requested == null) {
            throw new IllegalArgumentException(image.file() + ": input " + pixels.describe()
                    + " leaves the image size open; give the size the model was trained at with --image-size");
        }
        return requested;
    }

    private static Tensor requireInput(OnnxModelFile model, String name, String option) {
        return model.input(name).orElseThrow(() -> new IllegalArgumentException(model.file() + " has no input '"
                + name + "' (its inputs: " + OnnxModelFile.describe(model.inputs()) + "); name it with " + option));
    }

    private static Tensor requireOutput(OnnxModelFile model, String name, String option) {
        return model.output(name).orElseThrow(() -> new IllegalArgumentException(model.file() + " has no output '"
                + name + "' (its outputs: " + OnnxModelFile.describe(model.outputs()) + "); name it with " + option));
    }

    /** rank dimensions, a dynamic first (batch) dimension, one of the element types. */
    private static void requireBatched(OnnxModelFile model, Tensor tensor, int rank, int[] types) {
        boolean typeOk = false;
        for (int type : types) {
            typeOk |= tensor.elementType() == type;
        }
        if (tensor.dims().length != rank || !typeOk) {
            List<String> names = new ArrayList<>();
            for (int type : types) {
                names.add(OnnxModelFile.typeName(type));
            }
            throw new IllegalArgumentException(model.file() + ": " + tensor.describe() + " should be "
                    + String.join(" or ", names) + " with " + rank + " dimensions");
        }
        if (tensor.hasFixedDim(0)) {
            throw new IllegalArgumentException(model.file() + ": " + tensor.describe() + " has a fixed batch of "
                    + tensor.dims()[0] + "; export it with a dynamic batch axis (best-of-N runs batches)");
        }
    }

    private static void requireNoOtherInputs(OnnxModelFile model, List<String> known, String what) {
        for (Tensor input : model.inputs()) {
            if (!known.contains(input.name())) {
                throw new IllegalArgumentException(model.file() + ": input " + input.describe() + " is not "
                        + what + "; the bundle feeds nothing else");
            }
        }
    }

    private static void requireEmptyOrAbsent(Path out) throws IOException {
        if (Files.exists(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("output folder " + out + " is not empty");
                }
            }
        }
    }
}
