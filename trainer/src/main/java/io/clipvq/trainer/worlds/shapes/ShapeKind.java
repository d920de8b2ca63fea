package io.clipvq.trainer.worlds.shapes;

import java.util.List;

/** The four shapes and their caption words (docs/worlds.md#shapes-captions). */
public enum ShapeKind implements AttributeValue {
    CIRCLE(List.of("circle", "disc", "round shape")),
    SQUARE(List.of("square", "box")),
    TRIANGLE(List.of("triangle")),
    CROSS(List.of("cross", "plus sign"));

    /** Words a caption uses in place of the shape when it does not name one. */
    public static final List<String> UNNAMED_WORDS = List.of("object", "shape");

    private final List<String> words;

    ShapeKind(List<String> words) {
        this.words = words;
    }

    @Override
    public Attribute attribute() {
        return Attribute.SHAPE;
    }

    @Override
    public List<String> words() {
        return words;
    }
}
