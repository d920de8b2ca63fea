package io.clipvq.trainer.diffusion;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.trainer.checkpoint.Checkpoint;
import io.clipvq.trainer.data.CaptionConditions;
import io.clipvq.trainer.data.ImageFolder;
import io.clipvq.trainer.report.ProgressBar;
import io.clipvq.trainer.tokenizer.ImageTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The diffusion decoder's training data, computed once and cached: the codes of every image (the
 * {@link ImageTokenizer}: the trained VQ-GAN's argmax encoder or the palette tokenizer) and its CLIP image embedding from the bundle's clip_image.onnx, run by the engine's
 * {@link ClipImageEncoder} exactly as the worker runs it. Captions are never used, except for the paired upper
 * bound when {@link CaptionConditions} are given (CLIP text embeddings of the captions replace the image
 * embeddings). The cache is keyed by a fingerprint of the image files, the tokenizer, the CLIP model and
 * the condition source, so a change to any of them recomputes it.
 */
public final class TrainingCodes {
    private static final int BATCH = 16;
    /** The cache key's condition part for CLIP image embeddings (language-free). */
    private static final long IMAGE_CONDITION = 0x1A6E;

    private TrainingCodes() {
    }

    public static CodeDataset prepare(ImageFolder.Loaded images, ImageTokenizer tokenizer, ModelBundle clipBundle,
                                      Path cacheFile) throws IOException, OrtException {
        return prepare(images, tokenizer, clipBundle, cacheFile, null);
    }

    /**
     * @param captions null for the language-free condition (CLIP image embeddings); otherwise the paired upper bound's
     *                 condition, the CLIP text embedding of each image's caption. The condition source is part of the
     *                 cache key.
     */
    public static CodeDataset prepare(ImageFolder.Loaded images, ImageTokenizer tokenizer, ModelBundle clipBundle,
                                      Path cacheFile, CaptionConditions captions) throws IOException, OrtException {
        long fingerprint = 31 * fingerprint(images, tokenizer.fingerprint(), clipBundle)
                + (captions == null ? IMAGE_CONDITION : captions.fingerprint(images.files(), clipBundle));
        if (Files.exists(cacheFile)) {
            Checkpoint cached = Checkpoint.load(cacheFile);
            if (cached.longs("fingerprint")[0] == fingerprint) {
                return fromCache(cached);
            }
        }
        int size = images.size();
        int count = images.images().size();
        List<long[]> codes = new ArrayList<>(count);
        List<float[]> embeddings = new ArrayList<>(count);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             ClipImageEncoder clip = ClipImageEncoder.open(env, clipBundle.clipImage(), options,
                     ClipPreprocessor.fromManifest(clipBundle.manifest().clip()))) {
            int per = 3 * size * size;
            ProgressBar bar = new ProgressBar("encode", count, 0, System.err);
            for (int start = 0; start < count; start += BATCH) {
                int batch = Math.min(BATCH, count - start);
                float[] pixels = new float[batch * per];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(images.images().get(start + b), 0, pixels, b * per, per);
                }
                long[] batchCodes = tokenizer.encode(pixels, batch);
                int n = batchCodes.length / batch;
                float[][] batchEmbeddings = clip.encodeImages(pixels, batch, size, size);
                for (int b = 0; b < batch; b++) {
                    codes.add(java.util.Arrays.copyOfRange(batchCodes, b * n, (b + 1) * n));
                    embeddings.add(batchEmbeddings[b]);
                }
                bar.update(start + batch, "VQ codes + CLIP image embeddings");
            }
        }
        if (captions != null) {
            System.err.println("paired condition: CLIP text embeddings of the captions in " + captions.file());
            embeddings = captions.embed(images.files(), clipBundle);
        }
        CodeDataset data = new CodeDataset(codes, embeddings);
        toCache(data, fingerprint).save(cacheFile);
        return data;
    }

    private static long fingerprint(ImageFolder.Loaded images, long vqFingerprint, ModelBundle clipBundle) throws IOException {
        long h = 1125899906842597L ^ vqFingerprint;
        for (Path file : images.files()) {
            h = 31 * h + file.getFileName().toString().hashCode();
            h = 31 * h + Files.size(file);
            h = 31 * h + Files.getLastModifiedTime(file).toMillis();
        }
        h = 31 * h + images.size();
        h = 31 * h + String.valueOf(clipBundle.manifest().files().get("clip_image.onnx")).hashCode();
        return h;
    }

    private static Checkpoint toCache(CodeDataset data, long fingerprint) {
        int count = data.size();
        int n = data.sequenceLength();
        int d = data.embeddingDim();
        long[] codes = new long[count * n];
        float[] embeddings = new float[count * d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(data.codes(i), 0, codes, i * n, n);
            System.arraycopy(data.embedding(i), 0, embeddings, i * d, d);
        }
        return new Checkpoint("diffusion-data", 0, java.util.Map.of("embeddings", embeddings), java.util.Map.of(),
                java.util.Map.of("codes", codes, "shape", new long[] {count, n, d}, "fingerprint", new long[] {fingerprint}));
    }

    private static CodeDataset fromCache(Checkpoint c) {
        long[] shape = c.longs("shape");
        int count = (int) shape[0];
        int n = (int) shape[1];
        int d = (int) shape[2];
        long[] codes = c.longs("codes");
        float[] embeddings = c.tensors().get("embeddings");
        List<long[]> codeList = new ArrayList<>(count);
        List<float[]> embeddingList = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            codeList.add(java.util.Arrays.copyOfRange(codes, i * n, (i + 1) * n));
            embeddingList.add(java.util.Arrays.copyOfRange(embeddings, i * d, (i + 1) * d));
        }
        return new CodeDataset(codeList, embeddingList);
    }
}
