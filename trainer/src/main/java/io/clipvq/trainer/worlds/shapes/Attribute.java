package io.clipvq.trainer.worlds.shapes;

/** The five attributes a Shapes caption can name (docs/worlds.md#shapes-captions). */
public enum Attribute {
    SHAPE, COLOUR, SIZE, POSITION, BACKGROUND;

    /** Lower-case name used in reports and JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
