package io.clipvq.trainer.worlds.shapes;

import java.util.Objects;
import java.util.Set;

/** A colour-shape pair; the image-only split leaves some out entirely to test prompts outside its distribution. */
public record Composition(ObjectColour colour, ShapeKind shape) {

    /** docs/worlds.md#shapes-splits: every purple triangle and every orange cross. */
    public static final Set<Composition> DEFAULT_LEFT_OUT = Set.of(
            new Composition(ObjectColour.PURPLE, ShapeKind.TRIANGLE),
            new Composition(ObjectColour.ORANGE, ShapeKind.CROSS));

    public Composition {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
    }

    /** "purple triangle". */
    public String label() {
        return colour.label() + " " + shape.label();
    }
}
