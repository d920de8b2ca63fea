package io.clipvq.trainer.worlds.shapes;

import java.util.List;

/**
 * Small and large objects: nominal side s and its caption words (docs/worlds.md#shapes-sizes-and-positions;
 * jitter -1..+1).
 */
public enum SizeClass implements AttributeValue {
    SMALL(8, List.of("small", "tiny", "little")),
    LARGE(14, List.of("large", "big"));

    public static final int JITTER = 1;

    private final int nominalSide;
    private final List<String> words;

    SizeClass(int nominalSide, List<String> words) {
        this.nominalSide = nominalSide;
        this.words = words;
    }

    public int nominalSide() {
        return nominalSide;
    }

    public boolean allowsSide(int side) {
        return Math.abs(side - nominalSide) <= JITTER;
    }

    @Override
    public Attribute attribute() {
        return Attribute.SIZE;
    }

    @Override
    public List<String> words() {
        return words;
    }
}
