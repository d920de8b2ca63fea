package io.clipvq.trainer.worlds.shapes;

import java.util.List;

/** The three background colours with their exact RGB values and caption phrase (docs/worlds.md#shapes-colours). */
public enum Background implements AttributeValue {
    BLACK(new Rgb(15, 15, 15)),
    GRAY(new Rgb(128, 128, 128)),
    WHITE(new Rgb(240, 240, 240));

    private final Rgb rgb;

    Background(Rgb rgb) {
        this.rgb = rgb;
    }

    public Rgb rgb() {
        return rgb;
    }

    @Override
    public Attribute attribute() {
        return Attribute.BACKGROUND;
    }

    @Override
    public List<String> words() {
        return List.of("on a " + label() + " background");
    }
}
