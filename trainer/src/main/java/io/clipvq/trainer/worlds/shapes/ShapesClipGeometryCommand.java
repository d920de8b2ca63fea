package io.clipvq.trainer.worlds.shapes;

import io.clipvq.engine.bundle.BundleLoader;
import io.clipvq.engine.bundle.ModelBundle;
import io.clipvq.engine.clip.ClipPreprocessor;
import io.clipvq.engine.text.ClipTokenizer;
import io.clipvq.trainer.clip.OnnxClipEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * How a bundle's CLIP sees a prompt against the world's images (docs/method.md#condition-noise-at-sampling): the
 * cosine between the prompt's text embedding and the image embedding of every nominal render (no jitter) of the
 * shapes and colours asked for, averaged per value of each attribute. Equal means across the values of an attribute
 * the prompt leaves open say CLIP has no favourite among them; the overall mean says how far the prompt sits from the
 * images it describes.
 */
@Command(name = "shapes-clip-geometry", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Mean cosine between a prompt's CLIP text embedding and nominal Shapes renders, per attribute value.")
public final class ShapesClipGeometryCommand implements Callable<Integer> {
    @Option(names = "--bundle", required = true, paramLabel = "DIR") Path bundle;
    @Option(names = "--prompt", required = true) String prompt;
    @Option(names = "--shape", description = "Only renders of this shape (default: all).") ShapeKind shape;
    @Option(names = "--colour", description = "Only renders of this colour (default: all).") ObjectColour colour;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelBundle loaded = BundleLoader.load(bundle);
        List<ShapeScene> scenes = new ArrayList<>();
        List<float[]> renders = new ArrayList<>();
        for (ShapeKind k : ShapeKind.values()) {
            for (ObjectColour c : ObjectColour.values()) {
                for (SizeClass s : SizeClass.values()) {
                    for (Placement p : Placement.values()) {
                        for (Background g : Background.values()) {
                            if ((shape == null || k == shape) && (colour == null || c == colour)) {
                                ShapeScene scene = ShapeScene.nominal(k, c, s, p, g);
                                scenes.add(scene);
                                renders.add(ShapesRenderer.render(scene).toChw());
                            }
                        }
                    }
                }
            }
        }
        float[] text;
        float[][] images;
        try (OnnxClipEmbedder clip = OnnxClipEmbedder.open(loaded.clipText(), loaded.clipImage(),
                ClipTokenizer.load(loaded.tokenizerVocab()), ClipPreprocessor.fromManifest(loaded.manifest().clip()))) {
            text = clip.embedTexts(List.of(prompt))[0];
            images = clip.embedImages(renders);
        }
        Map<Attribute, Map<String, double[]>> sums = new EnumMap<>(Attribute.class);
        double total = 0;
        for (int i = 0; i < images.length; i++) {
            double cosine = cosine(text, images[i]);
            total += cosine;
            PromptAttributes read = PromptAttributes.of(scenes.get(i));
            for (Attribute attribute : Attribute.values()) {
                double[] sum = sums.computeIfAbsent(attribute, a -> new TreeMap<>())
                        .computeIfAbsent(read.value(attribute).orElseThrow().label(), v -> new double[2]);
                sum[0] += cosine;
                sum[1]++;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "prompt '%s': %d renders, mean cosine %.4f%n", prompt, images.length,
                total / images.length);
        sums.forEach((attribute, values) -> values.forEach((value, sum) -> out.printf(Locale.ROOT,
                "  %-10s %-9s %.4f (%d)%n", attribute.label(), value, sum[0] / sum[1], (int) sum[1])));
        out.flush();
        return 0;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
