/**
 * The models of a clipvq bundle as ONNX graphs built from named weights, so that the tests (random weights)
 * and the trainer (trained weights) export through the same code.
 *
 * <p>For each ONNX file there is a spec record with the sizes and the weight layout, a graph builder and a
 * plain-Java reference forward pass that the graph is tested against:
 * <ul>
 *   <li>denoiser.onnx: {@link io.clipvq.engine.models.DenoiserSpec}, {@link io.clipvq.engine.models.DenoiserGraph},
 *       {@link io.clipvq.engine.models.DenoiserReference}</li>
 *   <li>clip_text.onnx / clip_image.onnx: {@link io.clipvq.engine.models.ClipTextSpec} /
 *       {@link io.clipvq.engine.models.ClipImageSpec}, {@link io.clipvq.engine.models.ClipTextGraph} /
 *       {@link io.clipvq.engine.models.ClipImageGraph}, {@link io.clipvq.engine.models.ClipReference}</li>
 *   <li>vq_encoder.onnx / vq_decoder.onnx: {@link io.clipvq.engine.models.VqGanSpec},
 *       {@link io.clipvq.engine.models.VqEncoderGraph} / {@link io.clipvq.engine.models.VqDecoderGraph},
 *       {@link io.clipvq.engine.models.VqGanReference}</li>
 *   <li>vq_decoder.onnx of the palette tokenizer (codes = (mask, fg, bg), exact decoding, no encoder):
 *       {@link io.clipvq.engine.models.PaletteCodebook} (also the plain-Java decoder),
 *       {@link io.clipvq.engine.models.PaletteDecoderGraph}</li>
 * </ul>
 *
 * <p>Weight naming convention (the trainer's parameters must carry exactly these names): PyTorch state-dict
 * names and layouts. Linear: {@code <prefix>.weight} [out, in] and {@code <prefix>.bias} [out]; LayerNorm:
 * {@code .weight}/{@code .bias} [width]; Conv2d: {@code .weight} [out, in, k, k], {@code .bias} [out];
 * embeddings: {@code .weight} [entries, width]. Blocks are numbered {@code blocks.0}, {@code blocks.1}, ...
 * The CLIP towers are prefixed {@code text.} and {@code visual.} so that one state dict holds both; the VQ-GAN
 * uses {@code encoder.}, {@code decoder.} and {@code quantize.}. Each spec's {@code layout()} lists every name
 * and shape; {@link io.clipvq.engine.models.WeightLayout#check(java.util.Map)} reports every missing or mis-sized one.
 *
 * <p>{@link io.clipvq.engine.models.RandomBundleFactory} writes a complete loadable bundle with seeded random
 * weights at any size.
 */
package io.clipvq.engine.models;
