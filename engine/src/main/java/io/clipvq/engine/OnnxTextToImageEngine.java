package io.clipvq.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.image.PngEncoder;
import io.clipvq.engine.sampler.MaskedDiffusionSampler;
import io.clipvq.engine.sampler.SamplingParameters;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.engine.text.ClipTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Best-of-N text-to-image generation with a model bundle on ONNX Runtime (docs/method.md#sampling,
 * docs/method.md#best-of-n-clip-reranking):
 * prompt -> clip_text embedding (normalised) -> masked diffusion sampling of all N candidates of all prompts in one
 * batch (conditional and null rows in one denoiser call per step) -> vq_decoder -> clip_image embedding ->
 * cosine with the prompt's text embedding -> the top k per prompt as PNG.
 *
 * <p>Calls are serialised: the sessions' input and output buffers are shared between steps and calls.
 */
public final class OnnxTextToImageEngine implements TextToImageEngine {
    private final BundleManifest manifest;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions sessionOptions;
    private final OrtSession clipTextSession;
    private final OrtSession clipImageSession;
    private final OrtSession denoiserSession;
    private final OrtSession decoderSession;
    private final ClipTextEncoder textEncoder;
    private final ClipImageEncoder imageEncoder;
    private final MaskedDiffusionSampler sampler;
    private final OnnxDenoiser denoiser;
    private final VqDecoder decoder;
    private final float[] nullCondition;
    private Timings lastTimings;

    private OnnxTextToImageEngine(ModelBundle bundle, EngineOptions options) throws OrtException, IOException {
        this.manifest = bundle.manifest();
        int contextLength = manifest.clip().contextLength();
        if (contextLength != ClipTokenizer.CONTEXT_LENGTH) {
            throw new IllegalArgumentException("bundle " + manifest.name() + ": clip.contextLength " + contextLength
                    + " is not supported (the CLIP tokenizer makes " + ClipTokenizer.CONTEXT_LENGTH + " ids)");
        }
        this.env = OrtEnvironment.getEnvironment();
        this.sessionOptions = options.newSessionOptions();
        List<OrtSession> opened = new ArrayList<>();
        try {
            clipTextSession = open(bundle.clipText(), opened);
            clipImageSession = open(bundle.clipImage(), opened);
            denoiserSession = open(bundle.denoiser(), opened);
            decoderSession = open(bundle.vqDecoder(), opened);
            ClipTokenizer tokenizer = ClipTokenizer.load(bundle.tokenizerVocab());
            textEncoder = ClipTextEncoder.wrap(env, clipTextSession, tokenizer);
            imageEncoder = ClipImageEncoder.wrap(env, clipImageSession, ClipPreprocessor.fromManifest(manifest.clip()));
            requireClipDim("clip_text", textEncoder.embeddingDim());
            requireClipDim("clip_image", imageEncoder.embeddingDim());
        } catch (OrtException | IOException | RuntimeException e) {
            for (OrtSession session : opened) {
                closeQuietly(session);
            }
            sessionOptions.close();
            throw e;
        }
        DiffusionSchedule schedule = DiffusionSchedule.of(manifest);
        this.sampler = new MaskedDiffusionSampler(schedule, manifest.codeCount(), options.samplerThreads());
        this.denoiser = new OnnxDenoiser(env, denoiserSession, manifest.codeCount(), manifest.codebookSize(),
                manifest.clipDim());
        this.decoder = new VqDecoder(env, decoderSession, manifest.codeGrid().height(), manifest.codeGrid().width(),
                manifest.imageSize());
        // docs/method.md#null-condition: normalise the null condition at sampling as in training (the reference code
        // forgets).
        this.nullCondition = normalised(bundle.nullCondition(), "null condition of " + manifest.name());
    }

    /**
     * Opens the four inference models of a verified bundle.
     *
     * @throws IllegalStateException when a model cannot be opened (the message names the file), or CUDA was
     *                               requested and is not available
     */
    public static OnnxTextToImageEngine open(ModelBundle bundle, EngineOptions options) {
        try {
            return new OnnxTextToImageEngine(bundle, options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open " + bundle + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + bundle + ": " + e.getMessage(), e);
        }
    }

    private void requireClipDim(String model, int dim) {
        if (dim != manifest.clipDim()) {
            throw new IllegalArgumentException("bundle " + manifest.name() + ": " + model + " gives embeddings of "
                    + dim + " values, manifest clipDim is " + manifest.clipDim());
        }
    }

    private OrtSession open(java.nio.file.Path file, List<OrtSession> opened) throws OrtException {
        try {
            OrtSession session = env.createSession(file.toString(), sessionOptions);
            opened.add(session);
            return session;
        } catch (OrtException e) {
            throw new OrtException(file + ": " + e.getMessage());
        }
    }

    @Override
    public String modelName() {
        return manifest.name();
    }

    @Override
    public String modelVersion() {
        return manifest.version();
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** Where the time of the last {@link #generate} call went (for the bench). */
    public synchronized Timings lastTimings() {
        return lastTimings;
    }

    @Override
    public synchronized List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds,
                                                            GenerationSettings settings) {
        SamplingParameters params = resolve(prompts, promptSeeds, settings);
        int perPrompt = settings.candidates();
        int total = prompts.size() * perPrompt;
        int d = manifest.clipDim();
        try {
            long start = System.nanoTime();
            float[] textEmbeddings = encodeTexts(prompts);
            long[] candidateSeeds = new long[total];
            float[] conditions = new float[total * d];
            for (int p = 0; p < prompts.size(); p++) {
                for (int c = 0; c < perPrompt; c++) {
                    int row = p * perPrompt + c;
                    candidateSeeds[row] = Seeds.derive(promptSeeds[p], c);
                    System.arraycopy(textEmbeddings, p * d, conditions, row * d, d);
                }
            }
            denoiser.prepare(total, params.guided(), conditions, nullCondition);
            long sampleStart = System.nanoTime();
            MaskedDiffusionSampler.Result sampled = sampler.sample(candidateSeeds, params, denoiser);
            long decodeStart = System.nanoTime();
            float[] pixels = decoder.decode(sampled.codes(), total);
            long scoreStart = System.nanoTime();
            float[] imageEmbeddings = encodeImages(pixels, total);
            List<List<GeneratedImage>> result = new ArrayList<>(prompts.size());
            int h = manifest.imageSize();
            int plane = 3 * h * h;
            for (int p = 0; p < prompts.size(); p++) {
                double[] scores = new double[perPrompt];
                Integer[] order = new Integer[perPrompt];
                for (int c = 0; c < perPrompt; c++) {
                    scores[c] = dot(imageEmbeddings, (p * perPrompt + c) * d, textEmbeddings, p * d, d);
                    order[c] = c;
                }
                Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -scores[c]).thenComparingInt(c -> c));
                List<GeneratedImage> kept = new ArrayList<>(settings.keep());
                for (int i = 0; i < settings.keep(); i++) {
                    int c = order[i];
                    int row = p * perPrompt + c;
                    kept.add(new GeneratedImage(c, candidateSeeds[row], scores[c],
                            PngEncoder.encode(pixels, row * plane, h, h), h, h));
                }
                result.add(List.copyOf(kept));
            }
            long end = System.nanoTime();
            lastTimings = new Timings(total, params.steps(), sampled.totalNanos(), sampled.networkNanos(),
                    scoreStart - decodeStart, end - scoreStart, sampleStart - start, end - start);
            return List.copyOf(result);
        } catch (OrtException e) {
            throw new IllegalStateException("generation with " + manifest.name() + " " + manifest.version()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private SamplingParameters resolve(List<String> prompts, long[] promptSeeds, GenerationSettings settings) {
        if (prompts == null || prompts.isEmpty()) {
            throw new IllegalArgumentException("prompts: at least one prompt is needed");
        }
        if (promptSeeds == null || promptSeeds.length != prompts.size()) {
            throw new IllegalArgumentException("promptSeeds: one seed per prompt is needed (" + prompts.size()
                    + " prompts, " + (promptSeeds == null ? "no" : promptSeeds.length) + " seeds)");
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i) == null) {
                throw new IllegalArgumentException("prompts[" + i + "] is null");
            }
        }
        if (settings.candidates() < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + settings.candidates());
        }
        if (settings.keep() < 1 || settings.keep() > settings.candidates()) {
            throw new IllegalArgumentException("keep must lie in 1.." + settings.candidates() + " (candidates), got "
                    + settings.keep());
        }
        BundleManifest.Sampling defaults = manifest.sampling();
        int steps = settings.steps() != null ? settings.steps() : defaults.steps();
        int timesteps = manifest.diffusion().timesteps();
        if (steps < 1 || steps > timesteps) {
            throw new IllegalArgumentException("steps must lie in 1.." + timesteps + " (the bundle's T), got " + steps);
        }
        double scale = settings.guidanceScale() != null ? settings.guidanceScale() : defaults.guidanceScale();
        double truncation = settings.truncation() != null ? settings.truncation() : defaults.truncation();
        return new SamplingParameters(steps, scale, truncation);
    }

    /** clip_text of each prompt, L2-normalised, [P, D] flat. */
    private float[] encodeTexts(List<String> prompts) throws OrtException {
        return flatten(textEncoder.encode(prompts), manifest.clipDim());
    }

    /** clip_image of each decoded image after CLIP preprocessing, L2-normalised, [B, D] flat. */
    private float[] encodeImages(float[] pixels, int count) throws OrtException {
        int h = manifest.imageSize();
        return flatten(imageEncoder.encodeImages(pixels, count, h, h), manifest.clipDim());
    }

    private static float[] flatten(float[][] rows, int d) {
        float[] flat = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * d, d);
        }
        return flat;
    }

    private static void normaliseRows(float[] v, int rows, int d, String what) {
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += (double) v[r * d + i] * v[r * d + i];
            }
            if (!(norm > 0) || !Double.isFinite(norm)) {
                throw new IllegalStateException(what + " " + r + " has norm " + Math.sqrt(norm) + ": cannot normalise");
            }
            float inv = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < d; i++) {
                v[r * d + i] *= inv;
            }
        }
    }

    private static float[] normalised(float[] v, String what) {
        float[] copy = v.clone();
        normaliseRows(copy, 1, copy.length, what);
        return copy;
    }

    private static double dot(float[] a, int aOffset, float[] b, int bOffset, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += (double) a[aOffset + i] * b[bOffset + i];
        }
        return s;
    }

    @Override
    public synchronized void close() {
        sampler.close();
        denoiser.close();
        closeQuietly(clipTextSession);
        closeQuietly(clipImageSession);
        closeQuietly(denoiserSession);
        closeQuietly(decoderSession);
        sessionOptions.close();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // closing releases native memory; a failure here leaves nothing for the caller to do
        }
    }

    /**
     * Time split of one generate call, nanoseconds.
     *
     * @param samplingNanos     the whole sampling loop
     * @param denoiserNanos     inside ONNX Runtime's denoiser runs (the rest of the loop is the Java sampler)
     * @param decodeNanos       vq_decoder
     * @param scoreNanos        CLIP preprocessing, clip_image, ranking and PNG encoding
     * @param textNanos         tokenising, clip_text and batch setup
     */
    public record Timings(int images, int steps, long samplingNanos, long denoiserNanos, long decodeNanos,
                          long scoreNanos, long textNanos, long totalNanos) {
        public long samplerOtherNanos() {
            return samplingNanos - denoiserNanos;
        }
    }
}
