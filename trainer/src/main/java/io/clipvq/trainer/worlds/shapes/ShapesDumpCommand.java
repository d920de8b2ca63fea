package io.clipvq.trainer.worlds.shapes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** Writes a split of the Shapes world to a folder of PNGs with a JSONL index, for inspection. */
@Command(name = "shapes-dump", mixinStandardHelpOptions = true,
        description = "Write the first COUNT images of a Shapes split (seeded, as the trainer generates them) to a folder:"
                + " 000000.png, ... and captions.jsonl (captioned split) or scenes.jsonl (image-only split).")
public final class ShapesDumpCommand implements Callable<Integer> {

    enum Split { CAPTIONED, IMAGE_ONLY }

    @Option(names = "--split", required = true, paramLabel = "SPLIT",
            description = "captioned or image-only.", converter = SplitConverter.class)
    Split split;

    @Option(names = "--count", defaultValue = "64", description = "Number of images (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Dataset seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--left-out", paramLabel = "LIST", defaultValue = "purple-triangle,orange-cross",
            description = "Compositions the image-only split leaves out, colour-shape pairs separated by commas, or"
                    + " 'none' (default ${DEFAULT-VALUE}).")
    String leftOut;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (count < 0) {
            throw new ParameterException(spec.commandLine(), "--count must be >= 0, got " + count);
        }
        ShapesDataset dataset = ShapesDataset.builder().optSeed(seed).optLeftOut(parseLeftOut(leftOut)).build();
        ShapesSplitWriter writer = new ShapesSplitWriter(System.out, Math.max(1, count / 10));
        if (split == Split.CAPTIONED) {
            writer.writeCaptioned(dataset.captioned(count), out);
        } else {
            writer.writeImageOnly(dataset.imageOnly(count), out);
        }
        return 0;
    }

    /** "purple-triangle,orange-cross" or "none". */
    Set<Composition> parseLeftOut(String text) {
        Set<Composition> compositions = new HashSet<>();
        if (text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return compositions;
        }
        for (String item : text.split(",")) {
            String[] parts = item.trim().toUpperCase(Locale.ROOT).split("-");
            try {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("expected colour-shape");
                }
                compositions.add(new Composition(ObjectColour.valueOf(parts[0]), ShapeKind.valueOf(parts[1])));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--left-out item '" + item.trim()
                        + "' is not a colour-shape pair such as purple-triangle");
            }
        }
        return compositions;
    }

    static final class SplitConverter implements picocli.CommandLine.ITypeConverter<Split> {
        @Override
        public Split convert(String value) {
            return switch (value) {
                case "captioned" -> Split.CAPTIONED;
                case "image-only" -> Split.IMAGE_ONLY;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "--split must be captioned or image-only, got '" + value + "'");
            };
        }
    }
}
