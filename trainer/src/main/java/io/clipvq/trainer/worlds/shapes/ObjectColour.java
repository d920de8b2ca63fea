package io.clipvq.trainer.worlds.shapes;

import java.util.List;

/** The six object colours with their exact RGB values (docs/worlds.md#shapes-colours). */
public enum ObjectColour implements AttributeValue {
    RED(new Rgb(220, 40, 40)),
    GREEN(new Rgb(40, 180, 60)),
    BLUE(new Rgb(50, 90, 230)),
    YELLOW(new Rgb(240, 210, 40)),
    PURPLE(new Rgb(150, 60, 200)),
    ORANGE(new Rgb(245, 140, 30));

    private final Rgb rgb;

    ObjectColour(Rgb rgb) {
        this.rgb = rgb;
    }

    public Rgb rgb() {
        return rgb;
    }

    @Override
    public Attribute attribute() {
        return Attribute.COLOUR;
    }

    @Override
    public List<String> words() {
        return List.of(label());
    }
}
