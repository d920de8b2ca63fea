package io.clipvq.trainer.eval;

import io.clipvq.engine.diversity.PromptDiversity;
import io.clipvq.trainer.worlds.GeneratedImageCheck;
import io.clipvq.trainer.worlds.RealImageSet;

import java.util.List;

/**
 * The outcome of one eval run (what metrics.json holds).
 *
 * @param bundleName      the bundle's manifest name
 * @param bundleVersion   the bundle's manifest version
 * @param sampling        the settings actually used (bundle defaults filled in)
 * @param prompts         number of prompts
 * @param clipScore       mean over prompts of the best candidate's cosine (the paper's CLIP score), with spread
 * @param frechet         Frechet distance between CLIP image embeddings of generated and real images; null with
 *                        fewer than 2 prompts or when no world gives real images
 * @param seconds         wall time of generation
 * @param world           what the world's {@link GeneratedImageCheck} made of the kept images; null when the bundle
 *                        draws no known world
 */
public record EvalMetrics(String bundleName, String bundleVersion, ResolvedSampling sampling, int prompts,
                          ClipScore clipScore, Frechet frechet, double seconds,
                          GeneratedImageCheck.Outcome world, List<PromptDiversity> diversity) {

    /** Sampling settings with the bundle's defaults resolved. */
    public record ResolvedSampling(int candidates, int keep, int steps, double guidanceScale, double truncation,
                                   long seed, double conditionNoise, String rerank, double nearDuplicateCosine,
                                   Double scoreMargin,
                                   boolean distinctAcrossLines, String denoiserPrecision) {
    }

    /** Summary of the best cosines, one per prompt. */
    public record ClipScore(double mean, double std, double min, double max) {

        public static ClipScore of(double[] best) {
            if (best.length == 0) {
                throw new IllegalArgumentException("no scores");
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : best) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / best.length;
            double squares = 0;
            for (double v : best) {
                squares += (v - mean) * (v - mean);
            }
            double std = best.length > 1 ? Math.sqrt(squares / (best.length - 1)) : 0;
            return new ClipScore(mean, std, min, max);
        }
    }

    /**
     * @param distance  the Frechet distance
     * @param generated how many generated images (one per prompt, the best)
     * @param real      how many real images
     * @param realSplit the split the real images come from
     * @param realSeed  the dataset seed of the real images
     * @param dimension the embedding dimension
     */
    public record Frechet(double distance, int generated, int real, RealImageSet.Split realSplit, long realSeed,
                          int dimension) {
    }
}
