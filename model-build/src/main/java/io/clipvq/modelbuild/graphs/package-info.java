/**
 * The models of a clipvq bundle as ONNX graphs built from named weights, so that the tests (random weights)
 * and the trainer (trained weights) export through the same code.
 *
 * <p>For each ONNX file there is a spec record with the sizes and the weight layout, a graph builder and a
 * plain-Java reference forward pass that the graph is tested against. The references are test code
 * (src/test, published in model-build's test-jar for the engine's and the trainer's tests), so no production jar
 * carries them:
 * <ul>
 *   <li>denoiser.onnx: {@link DenoiserSpec}, {@link DenoiserGraph}, {@code DenoiserReference}</li>
 *   <li>clip_text.onnx / clip_image.onnx: {@link ClipTextSpec} / {@link ClipImageSpec}, {@link ClipTextGraph} /
 *       {@link ClipImageGraph}, {@code ClipReference}</li>
 *   <li>vq_encoder.onnx / vq_decoder.onnx: {@link VqGanSpec}, {@link VqEncoderGraph} / {@link VqDecoderGraph},
 *       {@code VqGanReference}</li>
 *   <li>vq_decoder.onnx of the palette tokenizer (codes = (mask, fg, bg), exact decoding, no encoder):
 *       {@link PaletteCodebook} (also the plain-Java decoder), {@link PaletteDecoderGraph}</li>
 * </ul>
 *
 * <p>Weight naming convention (the trainer's parameters must carry exactly these names): PyTorch state-dict
 * names and layouts. Linear: {@code <prefix>.weight} [out, in] and {@code <prefix>.bias} [out]; LayerNorm:
 * {@code .weight}/{@code .bias} [width]; Conv2d: {@code .weight} [out, in, k, k], {@code .bias} [out];
 * embeddings: {@code .weight} [entries, width]. Blocks are numbered {@code blocks.0}, {@code blocks.1}, ...
 * The CLIP towers are prefixed {@code text.} and {@code visual.} so that one state dict holds both; the VQ-GAN
 * uses {@code encoder.}, {@code decoder.} and {@code quantize.}. Each spec's {@code layout()} lists every name
 * and shape; {@link WeightLayout#check(java.util.Map)} reports every missing or mis-sized one.
 *
 * <p>{@link io.clipvq.modelbuild.bundle.RandomBundleFactory} writes a complete loadable bundle with seeded random
 * weights at any size.
 */
package io.clipvq.modelbuild.graphs;
