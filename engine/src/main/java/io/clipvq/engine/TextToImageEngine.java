package io.clipvq.engine;

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
    List<List<GeneratedImage>> generate(List<String> prompts, long[] promptSeeds, GenerationSettings settings);

    @Override
    void close();
}
