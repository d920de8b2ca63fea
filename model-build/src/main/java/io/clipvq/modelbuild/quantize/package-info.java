/**
 * Weight quantization for the int8 denoiser: how float weights become int8 values and scales. The graph that
 * multiplies with them is written in {@code io.clipvq.modelbuild.graphs}.
 */
package io.clipvq.modelbuild.quantize;
