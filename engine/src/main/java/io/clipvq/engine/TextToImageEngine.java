package io.clipvq.engine;

import io.clipvq.engine.rerank.KeptImages;
import io.clipvq.engine.rerank.RerankPolicy;

import java.util.List;

/**
 * The one entry point the worker and the trainer's evaluation use: text in, best-of-N PNGs out.
 * Implementations hold native ONNX Runtime sessions, so they are AutoCloseable.
 */
public interface TextToImageEngine extends AutoCloseable {

    /** Name and version of the loaded bundle, as in its manifest. */
    String modelName();

    String modelVersion();

    /**
     * Generates best-of-N for several prompts that share settings (batched together where the engine can).
     *
     * @param prompts     the prompt texts
     * @param promptSeeds one seed per prompt; candidate c of prompt p uses {@code Seeds.derive(promptSeeds[p], c)}
     * @return per prompt, its kept images sorted by descending CLIP score (size {@code settings.keep()})
     */
    default List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds,
                                                GenerationSettings settings) {
        return generate(prompts, promptSeeds, settings, null);
    }

    /**
     * As {@link #generate(List, long[], GenerationSettings)}, with the images already kept for each prompt: under
     * {@link io.clipvq.engine.rerank.RerankPolicy#DISTINCT} no kept image duplicates one of them, and each kept image
     * is added to its prompt's entry. Rows may share one {@link KeptImages}; they are then served in row order, so
     * the result does not depend on how rows are batched.
     *
     * @param keptSoFar one entry per prompt, or null for a fresh one per prompt
     */
    List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds, GenerationSettings settings,
                                        List<KeptImages> keptSoFar);

    /**
     * The L2-normalised CLIP image embedding of a PNG this bundle made (the embedding its reranking used), so that a
     * caller can rebuild {@link KeptImages} from stored images.
     *
     * @throws IllegalArgumentException when the bytes are not a PNG of the bundle's image size
     */
    float[] imageEmbedding(byte[] png);

    /**
     * Whether {@code settings} compare candidates with kept images by embedding (a near-duplicate threshold below 1,
     * the call's or the bundle's), so that a caller rebuilding {@link KeptImages} knows to embed stored images.
     */
    default boolean comparesEmbeddings(GenerationSettings settings) {
        return settings.rerankOrDefault() == RerankPolicy.DISTINCT
                && settings.nearDuplicateCosine() != null && settings.nearDuplicateCosine() < 1;
    }

    @Override
    void close();
}
