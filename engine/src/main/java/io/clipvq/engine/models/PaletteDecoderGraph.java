package io.clipvq.engine.models;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.engine.onnx.OnnxGraphBuilder;
import io.clipvq.engine.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds vq_decoder.onnx for a {@link PaletteCodebook}, with the VQ-GAN decoder's signature: {@code codes} int64
 * [B, h, w] -> {@code image} float [B, 3, S, S] in [0, 1]. The code is split into (mask, fg, bg) by integer Div/Mod
 * and each factor looked up by Gather in a small table, so the file holds M * P * P + 3 * (F + G) numbers.
 * Pixels are {@code m * fg + (1 - m) * bg} with m in {0, 1}, which is exactly fg or bg (no rounding), the same
 * values as {@link PaletteCodebook#decode}.
 */
public final class PaletteDecoderGraph {
    private PaletteDecoderGraph() {
    }

    public static byte[] build(PaletteCodebook codebook) {
        int grid = codebook.grid();
        int p = codebook.patchSize();
        int s = codebook.imageSize();
        int f = codebook.foreground().length;
        int g = codebook.background().length;
        OnnxGraphBuilder b = new OnnxGraphBuilder("vq_decoder");
        String codes = b.input(BundleSignatures.VQ_DECODER_CODES, OnnxType.INT64, "B", (long) grid, (long) grid);

        float[] maskTable = new float[codebook.masks().length];
        for (int i = 0; i < maskTable.length; i++) {
            maskTable[i] = codebook.masks()[i] ? 1f : 0f;
        }
        String masks = b.initializer("palette.masks", maskTable, codebook.maskCount(), (long) p * p);
        String fgTable = b.initializer("palette.foreground", colourTable(codebook.foreground()), f, 3);
        String bgTable = b.initializer("palette.background", colourTable(codebook.background()), g, 3);

        String gSize = b.constantInt64("G", new long[] {g});
        String fSize = b.constantInt64("F", new long[] {f});
        String fgSize = b.constantInt64("FG", new long[] {(long) f * g});
        String bgIndex = b.node("Mod", List.of(codes, gSize), Map.of());
        String fgIndex = b.node("Mod", List.of(b.node("Div", List.of(codes, gSize), Map.of()), fSize), Map.of());
        String maskIndex = b.node("Div", List.of(codes, fgSize), Map.of());

        // [B, h, w, P*P] -> [B, h, w, 1, P*P]; colours [B, h, w, 3] -> [B, h, w, 3, 1]
        String last = b.constantInt64("last_axis", new long[] {-1}, 1);
        String m = b.node("Unsqueeze", List.of(b.node("Gather", List.of(masks, maskIndex), Map.of("axis", 0L)),
                b.constantInt64("channel_axis", new long[] {3}, 1)), Map.of());
        String fg = b.node("Unsqueeze", List.of(b.node("Gather", List.of(fgTable, fgIndex), Map.of("axis", 0L)), last), Map.of());
        String bg = b.node("Unsqueeze", List.of(b.node("Gather", List.of(bgTable, bgIndex), Map.of("axis", 0L)), last), Map.of());
        String notM = b.node("Sub", List.of(b.constantFloat("one", new float[] {1f}), m), Map.of());
        String patches = b.node("Add", List.of(b.node("Mul", List.of(m, fg), Map.of()),
                b.node("Mul", List.of(notM, bg), Map.of())), Map.of());             // [B, h, w, 3, P*P]
        String split = b.node("Reshape", List.of(patches,
                b.constantInt64("patch_shape", new long[] {-1, grid, grid, 3, p, p}, 6)), Map.of());
        String planar = b.node("Transpose", List.of(split), Map.of("perm", new long[] {0, 3, 1, 4, 2, 5}));
        String image = b.node("Reshape", List.of(planar,
                b.constantInt64("image_shape", new long[] {-1, 3, s, s}, 4)), Map.of());
        b.output(BundleSignatures.VQ_DECODER_IMAGE, image, OnnxType.FLOAT, "B", 3L, (long) s, (long) s);
        return b.build();
    }

    private static float[] colourTable(int[] colours) {
        float[] table = new float[colours.length * 3];
        for (int i = 0; i < colours.length; i++) {
            for (int c = 0; c < 3; c++) {
                table[i * 3 + c] = PaletteCodebook.channel(colours[i], c);
            }
        }
        return table;
    }
}
