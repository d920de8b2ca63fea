package io.clipvq.trainer.worlds.shapes;

import java.util.List;

/** A value of one of the five attributes, with the caption words that name it (docs/worlds.md#shapes-captions). */
public sealed interface AttributeValue permits ShapeKind, ObjectColour, SizeClass, Placement, Background {

    Attribute attribute();

    /** The caption words for this value; the first is the canonical one. */
    List<String> words();

    /** Lower-case enum name, used in reports and JSON. */
    default String label() {
        return ((Enum<?>) this).name().toLowerCase(java.util.Locale.ROOT);
    }
}
