package io.clipvq.trainer.worlds.shapes;

import java.util.List;

/**
 * The five positions: nominal centre of the bounding square and caption words
 * (docs/worlds.md#shapes-sizes-and-positions; jitter -1..+1).
 */
public enum Placement implements AttributeValue {
    CENTER(16, 16, List.of("in the center", "in the middle")),
    LEFT(8, 16, List.of("on the left")),
    RIGHT(24, 16, List.of("on the right")),
    TOP(16, 8, List.of("at the top")),
    BOTTOM(16, 24, List.of("at the bottom"));

    public static final int JITTER = 1;

    private final int centreX;
    private final int centreY;
    private final List<String> words;

    Placement(int centreX, int centreY, List<String> words) {
        this.centreX = centreX;
        this.centreY = centreY;
        this.words = words;
    }

    public int centreX() {
        return centreX;
    }

    public int centreY() {
        return centreY;
    }

    public boolean allowsCentre(int cx, int cy) {
        return Math.abs(cx - centreX) <= JITTER && Math.abs(cy - centreY) <= JITTER;
    }

    @Override
    public Attribute attribute() {
        return Attribute.POSITION;
    }

    @Override
    public List<String> words() {
        return words;
    }
}
