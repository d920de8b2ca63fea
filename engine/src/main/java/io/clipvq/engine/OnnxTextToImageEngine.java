package io.clipvq.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.clipvq.contracts.Seeds;
import io.clipvq.contracts.bundle.BundleManifest;
import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.contracts.bundle.DenoiserPrecision;
import io.clipvq.contracts.job.JobDefaults;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipImageEncoder;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.clip.ClipTextEncoder;
import io.clipvq.engine.image.PngEncoder;
import io.clipvq.engine.rerank.Candidate;
import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.engine.rerank.RerankPolicy;
import io.clipvq.engine.rerank.Reranker;
import io.clipvq.engine.sampler.MaskedDiffusionSampler;
import io.clipvq.engine.sampler.PseudoTextNoise;
import io.clipvq.engine.sampler.SamplingParameters;
import io.clipvq.engine.schedule.DiffusionSchedule;
import io.clipvq.engine.text.ClipTokenizer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Best-of-N text-to-image generation with a model bundle on ONNX Runtime (docs/method.md#sampling,
 * docs/method.md#best-of-n-clip-reranking):
 * prompt -> clip_text embedding (normalised; perturbed per candidate by the condition noise) -> masked diffusion
 * sampling of all N candidates of all prompts in one batch (conditional and null rows in one denoiser call per step)
 * -> vq_decoder -> clip_image embedding -> cosine with the prompt's text embedding -> k kept per prompt by the
 * {@link Reranker}; under the DISTINCT policy a prompt short of k distinct images draws up to {@value #MAX_ROUNDS}
 * rounds of N (candidate indices continue, so each candidate's seed is still a function of its index).
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
    private final DenoiserPrecision denoiserPrecision;
    private final OrtSession decoderSession;
    private final ClipTextEncoder textEncoder;
    private final ClipImageEncoder imageEncoder;
    private final MaskedDiffusionSampler sampler;
    private final OnnxDenoiser denoiser;
    private final VqDecoder decoder;
    /** Rounds of N candidates a prompt may draw under DISTINCT before duplicates are accepted. */
    static final int MAX_ROUNDS = 4;
    /** Seeds.derive(candidateSeed, this) seeds a candidate's condition noise, apart from its sampling stream. */
    private static final long CONDITION_NOISE_STREAM = 0x636F6E646E6F6973L;

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
            denoiserPrecision = options.denoiserPrecision().orElse(options.cuda() ? DenoiserPrecision.FP32
                    : manifest.defaultDenoiserPrecision());
            denoiserSession = open(bundle.denoiser(denoiserPrecision), opened);
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

    /**
     * The denoiser this engine runs: the options' choice; else fp32 on CUDA (the int8 file's quantization runs in CPU
     * kernels); else the manifest's default.
     */
    public DenoiserPrecision denoiserPrecision() {
        return denoiserPrecision;
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
                                                            GenerationSettings settings, List<KeptImages> keptSoFar) {
        Resolved resolved = resolve(prompts, promptSeeds, settings, keptSoFar);
        SamplingParameters params = resolved.params();
        int perPrompt = settings.candidates();
        int d = manifest.clipDim();
        Reranker reranker = new Reranker(settings.rerankOrDefault(), resolved.nearDuplicateCosine(),
                resolved.scoreMargin());
        try {
            long start = System.nanoTime();
            float[] textEmbeddings = encodeTexts(prompts);
            Timings timings = new Timings(0, params.steps(), 0, 0, 0, 0, System.nanoTime() - start, 0);
            List<Integer> allRows = new ArrayList<>(prompts.size());
            for (int p = 0; p < prompts.size(); p++) {
                allRows.add(p);
            }
            List<List<Candidate>> firstRound = new ArrayList<>(prompts.size());
            boolean nearDuplicates = settings.rerankOrDefault() == RerankPolicy.DISTINCT
                    && resolved.nearDuplicateCosine() < 1;
            timings = timings.plus(sampleRound(allRows, 0, perPrompt, textEmbeddings, promptSeeds, params,
                    resolved.conditionNoise(), nearDuplicates, firstRound));
            List<List<GeneratedImage>> kept = new ArrayList<>(prompts.size());
            for (int p = 0; p < prompts.size(); p++) {
                // Rows are served one after another, each to the end (further rounds included), so that a row that
                // shares its KeptImages with earlier rows sees all of their picks whatever the batching.
                KeptImages keptOfPrompt = resolved.kept().get(p);
                List<GeneratedImage> images = new ArrayList<>(settings.keep());
                List<Candidate> unpicked = new ArrayList<>();
                List<Candidate> drawn = firstRound.get(p);
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int round = 1; ; round++) {
                    for (Candidate candidate : drawn) {
                        bestScore = Math.max(bestScore, candidate.score());
                    }
                    List<Candidate> picks = reranker.select(drawn, settings.keep() - images.size(), keptOfPrompt,
                            bestScore);
                    addAll(images, picks, promptSeeds[p]);
                    List<Candidate> rest = new ArrayList<>(drawn);
                    rest.removeAll(picks);
                    unpicked.addAll(rest);
                    if (images.size() == settings.keep() || round == MAX_ROUNDS) {
                        break;
                    }
                    List<List<Candidate>> more = new ArrayList<>(1);
                    timings = timings.plus(sampleRound(List.of(p), round * perPrompt, perPrompt, textEmbeddings,
                            promptSeeds, params, resolved.conditionNoise(), nearDuplicates, more));
                    drawn = more.get(0);
                }
                if (images.size() < settings.keep()) {
                    addAll(images, reranker.fillShortfall(unpicked, settings.keep() - images.size(), keptOfPrompt),
                            promptSeeds[p]);
                }
                kept.add(images);
            }
            List<List<GeneratedImage>> result = new ArrayList<>(prompts.size());
            for (List<GeneratedImage> images : kept) {
                List<GeneratedImage> sorted = new ArrayList<>(images);
                sorted.sort(Comparator.comparingDouble((GeneratedImage g) -> -g.clipScore())
                        .thenComparingInt(GeneratedImage::candidateIndex));
                result.add(List.copyOf(sorted));
            }
            lastTimings = timings.withTotal(System.nanoTime() - start);
            return List.copyOf(result);
        } catch (OrtException e) {
            throw new IllegalStateException("generation with " + manifest.name() + " " + manifest.version()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Samples candidates firstCandidate..firstCandidate+perPrompt-1 of every prompt in {@code rows} in one batch,
     * decodes, encodes and scores them; adds one candidate list per row to {@code drawn}.
     *
     * <p>The score uses the decoder's float pixels. With {@code nearDuplicates}, each candidate's embedding for the
     * near-duplicate test is taken, when the reranker first asks for it, from its 8-bit pixels, one image per
     * clip_image run, exactly as
     * {@link #imageEmbedding(byte[])} takes it from the stored PNG: ONNX Runtime's results differ in the last bits
     * between batch sizes, and kept images rebuilt from storage must compare exactly as they did when first kept.
     */
    private Timings sampleRound(List<Integer> rows, int firstCandidate, int perPrompt, float[] textEmbeddings,
                                long[] promptSeeds, SamplingParameters params, double conditionNoise,
                                boolean nearDuplicates, List<List<Candidate>> drawn) throws OrtException {
        int d = manifest.clipDim();
        int total = rows.size() * perPrompt;
        long start = System.nanoTime();
        long[] candidateSeeds = new long[total];
        float[] conditions = new float[total * d];
        for (int i = 0; i < rows.size(); i++) {
            int p = rows.get(i);
            for (int c = 0; c < perPrompt; c++) {
                int row = i * perPrompt + c;
                candidateSeeds[row] = Seeds.derive(promptSeeds[p], firstCandidate + c);
                System.arraycopy(textEmbeddings, p * d, conditions, row * d, d);
                if (conditionNoise > 0) {
                    PseudoTextNoise.perturbInPlace(conditions, row * d, d, conditionNoise,
                            new SplittableRandom(Seeds.derive(candidateSeeds[row], CONDITION_NOISE_STREAM)));
                }
            }
        }
        denoiser.prepare(total, params.guided(), conditions, nullCondition);
        long sampleStart = System.nanoTime();
        MaskedDiffusionSampler.Result sampled = sampler.sample(candidateSeeds, params, denoiser);
        long decodeStart = System.nanoTime();
        float[] pixels = decoder.decode(sampled.codes(), total);
        long scoreStart = System.nanoTime();
        float[] imageEmbeddings = encodeImages(pixels, total);
        int h = manifest.imageSize();
        int plane = 3 * h * h;
        for (int i = 0; i < rows.size(); i++) {
            int p = rows.get(i);
            List<Candidate> candidates = new ArrayList<>(perPrompt);
            for (int c = 0; c < perPrompt; c++) {
                int row = i * perPrompt + c;
                double score = dot(imageEmbeddings, row * d, textEmbeddings, p * d, d);
                int offset = row * plane;
                Supplier<float[]> embedding = nearDuplicates
                        ? () -> eightBitEmbedding(pixels, offset)
                        : () -> Arrays.copyOfRange(imageEmbeddings, row * d, row * d + d);
                candidates.add(new Candidate(firstCandidate + c, score, embedding,
                        () -> PngEncoder.encode(pixels, offset, h, h)));
            }
            drawn.add(candidates);
        }
        long end = System.nanoTime();
        return new Timings(total, params.steps(), sampled.totalNanos(), sampled.networkNanos(),
                scoreStart - decodeStart, end - scoreStart, sampleStart - start, 0);
    }

    private void addAll(List<GeneratedImage> into, List<Candidate> picks, long promptSeed) {
        int h = manifest.imageSize();
        for (Candidate c : picks) {
            into.add(new GeneratedImage(c.index(), Seeds.derive(promptSeed, c.index()), c.score(), c.png(), h, h,
                    c.sha256(), c.embedding()));
        }
    }

    /** A call's settings with the bundle's defaults filled in. */
    private record Resolved(SamplingParameters params, double conditionNoise, double nearDuplicateCosine,
                            double scoreMargin, List<KeptImages> kept) {
    }

    private Resolved resolve(List<String> prompts, long[] promptSeeds, GenerationSettings settings,
                             List<KeptImages> keptSoFar) {
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
        double noise = settings.conditionNoise() != null ? settings.conditionNoise() : defaults.conditionNoiseOrZero();
        if (!(noise >= 0 && noise <= JobDefaults.MAX_CONDITION_NOISE)) {
            throw new IllegalArgumentException("conditionNoise must lie in 0.." + JobDefaults.MAX_CONDITION_NOISE + ", got " + noise);
        }
        double nearDuplicate = settings.nearDuplicateCosineOr(defaults);
        if (!(nearDuplicate > 0 && nearDuplicate <= 1)) {
            throw new IllegalArgumentException("nearDuplicateCosine must lie in (0, 1], got " + nearDuplicate);
        }
        double scoreMargin = settings.scoreMarginOr(defaults);
        if (!(scoreMargin >= 0)) {
            throw new IllegalArgumentException("scoreMargin must be 0 or more, got " + scoreMargin);
        }
        List<KeptImages> kept = keptSoFar;
        if (kept == null) {
            kept = new ArrayList<>(prompts.size());
            for (int i = 0; i < prompts.size(); i++) {
                kept.add(new KeptImages());
            }
        } else if (kept.size() != prompts.size()) {
            throw new IllegalArgumentException("keptSoFar: one entry per prompt is needed (" + prompts.size()
                    + " prompts, " + kept.size() + " entries)");
        }
        return new Resolved(new SamplingParameters(steps, scale, truncation), noise, nearDuplicate, scoreMargin, kept);
    }

    /** clip_image of one image's 8-bit pixels (as its PNG stores them), alone in its run. */
    private float[] eightBitEmbedding(float[] pixels, int offset) {
        int plane = 3 * manifest.imageSize() * manifest.imageSize();
        float[] levels = new float[plane];
        for (int i = 0; i < plane; i++) {
            levels[i] = PngEncoder.toLevel(pixels[offset + i]) / 255f;
        }
        try {
            return encodeImages(levels, 1);
        } catch (OrtException e) {
            throw new IllegalStateException("clip_image failed on a candidate of " + manifest.name() + " "
                    + manifest.version() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean comparesEmbeddings(GenerationSettings settings) {
        return settings.rerankOrDefault() == RerankPolicy.DISTINCT
                && settings.nearDuplicateCosineOr(manifest.sampling()) < 1;
    }

    @Override
    public synchronized float[] imageEmbedding(byte[] png) {
        int h = manifest.imageSize();
        BufferedImage image;
        try {
            image = png == null ? null : ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            image = null;
        }
        if (image == null || image.getWidth() != h || image.getHeight() != h) {
            throw new IllegalArgumentException("not a PNG of " + h + " x " + h + " pixels, the image size of bundle "
                    + manifest.name() + " " + manifest.version());
        }
        float[] pixels = new float[3 * h * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < h; x++) {
                int rgb = image.getRGB(x, y);
                pixels[y * h + x] = ((rgb >> 16) & 0xFF) / 255f;
                pixels[h * h + y * h + x] = ((rgb >> 8) & 0xFF) / 255f;
                pixels[2 * h * h + y * h + x] = (rgb & 0xFF) / 255f;
            }
        }
        try {
            return encodeImages(pixels, 1);
        } catch (OrtException e) {
            throw new IllegalStateException("clip_image of " + manifest.name() + " failed: " + e.getMessage(), e);
        }
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

        Timings plus(Timings round) {
            return new Timings(images + round.images, steps, samplingNanos + round.samplingNanos,
                    denoiserNanos + round.denoiserNanos, decodeNanos + round.decodeNanos, scoreNanos + round.scoreNanos,
                    textNanos + round.textNanos, totalNanos);
        }

        Timings withTotal(long nanos) {
            return new Timings(images, steps, samplingNanos, denoiserNanos, decodeNanos, scoreNanos, textNanos, nanos);
        }
    }
}
