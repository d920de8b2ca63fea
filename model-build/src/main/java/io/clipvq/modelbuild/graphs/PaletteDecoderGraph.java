package io.clipvq.modelbuild.graphs;

import io.clipvq.contracts.bundle.BundleSignatures;
import io.clipvq.modelbuild.onnx.OnnxGraphBuilder;
import io.clipvq.modelbuild.onnx.OnnxType;

import java.util.List;
import java.util.Map;

/**
 * Builds vq_decoder.onnx for a {@link PaletteCodebook}, with the VQ-GAN decoder's signature: {@code codes} int64
 * [B, h, w] -> {@code image} float [B, 3, S, S] in [0, 1]. The code is split into (mask, fg, bg) by integer Div/Mod
 * and each factor looked up by Gather in a small table, so the file holds M * P * P + 3 * (F + G) numbers.
 * Pixels are {@code m * fg + (1 - m) * bg} with m in {0, 1}, which is exactly fg or bg (no rounding), the same
 * values as {@link PaletteCodebook#decode}; fg and bg are voted once per image over the grid (Equal against the
 * colour indices, weighted by the cell's object or background pixel count, ReduceSum, ArgMax).
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

        // [B, h, w, P*P] -> [B, h, w, 1, P*P]
        String maskRows = b.node("Gather", List.of(masks, maskIndex), Map.of("axis", 0L));
        String m = b.node("Unsqueeze", List.of(maskRows, b.constantInt64("channel_axis", new long[] {3}, 1)), Map.of());
        // one object colour and one background colour per image, by pixel-weighted vote (PaletteCodebook#decode)
        String last = b.constantInt64("last_axis", new long[] {-1}, 1);
        String objectPixels = b.node("ReduceSum", List.of(maskRows, last), Map.of("keepdims", 1L));     // [B, h, w, 1]
        String backgroundPixels = b.node("Sub", List.of(b.constantFloat("patch_pixels", new float[] {(float) p * p}),
                objectPixels), Map.of());
        String fg = imageColour(b, "foreground", fgIndex, objectPixels, f, fgTable, last);
        String bg = imageColour(b, "background", bgIndex, backgroundPixels, g, bgTable, last);
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

    /**
     * The colour of the part index with the most votes over the grid, [B, 1, 1, 3, 1]; ArgMax keeps the first
     * of equal maxima, as the Java reference does.
     */
    private static String imageColour(OnnxGraphBuilder b, String name, String partIndex, String votesPerCell,
                                      int choices, String table, String lastAxis) {
        long[] range = new long[choices];
        for (int i = 0; i < choices; i++) {
            range[i] = i;
        }
        String oneHot = b.node("Cast", List.of(b.node("Equal", List.of(b.node("Unsqueeze", List.of(partIndex, lastAxis), Map.of()),
                b.constantInt64(name + "_range", range, choices)), Map.of())), Map.of("to", 1L));            // [B, h, w, C]
        String votes = b.node("ReduceSum", List.of(b.node("Mul", List.of(oneHot, votesPerCell), Map.of()),
                b.constantInt64(name + "_grid_axes", new long[] {1, 2}, 2)), Map.of("keepdims", 0L));        // [B, C]
        String choice = b.node("ArgMax", List.of(votes), Map.of("axis", 1L, "keepdims", 0L));            // [B]
        return b.node("Reshape", List.of(b.node("Gather", List.of(table, choice), Map.of("axis", 0L)),
                b.constantInt64(name + "_colour_shape", new long[] {-1, 1, 1, 3, 1}, 5)), Map.of());
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
