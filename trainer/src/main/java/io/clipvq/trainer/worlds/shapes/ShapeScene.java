package io.clipvq.trainer.worlds.shapes;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One Shapes image: its five attributes plus the exact side {@code s} and centre {@code (cx, cy)} after jitter.
 * The constructor refuses a side or centre outside the jitter that docs/worlds.md#shapes-sizes-and-positions allows
 * for the size and position.
 */
public record ShapeScene(ShapeKind shape, ObjectColour colour, SizeClass size, Placement position,
                         Background background, int side, int centreX, int centreY) {

    public ShapeScene {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(background, "background");
        if (!size.allowsSide(side)) {
            throw new IllegalArgumentException("side " + side + " is outside the jitter of size " + size.label()
                    + " (" + size.nominalSide() + " +- " + SizeClass.JITTER + ")");
        }
        if (!position.allowsCentre(centreX, centreY)) {
            throw new IllegalArgumentException("centre (" + centreX + ", " + centreY + ") is outside the jitter of position "
                    + position.label() + " (" + position.centreX() + ", " + position.centreY() + ") +- " + Placement.JITTER);
        }
    }

    /** The scene without jitter: nominal side and centre. */
    public static ShapeScene nominal(ShapeKind shape, ObjectColour colour, SizeClass size, Placement position,
                                     Background background) {
        return new ShapeScene(shape, colour, size, position, background, size.nominalSide(), position.centreX(),
                position.centreY());
    }

    /** A scene with the given attributes and uniform jitter (-1, 0 or +1) on side, cx and cy. */
    public static ShapeScene jittered(ShapeKind shape, ObjectColour colour, SizeClass size, Placement position,
                                      Background background, SplittableRandom random) {
        int side = size.nominalSide() + jitter(random, SizeClass.JITTER);
        int cx = position.centreX() + jitter(random, Placement.JITTER);
        int cy = position.centreY() + jitter(random, Placement.JITTER);
        return new ShapeScene(shape, colour, size, position, background, side, cx, cy);
    }

    /** Every attribute uniform, then uniform jitter. */
    public static ShapeScene random(SplittableRandom random) {
        ShapeKind shape = pick(ShapeKind.values(), random);
        ObjectColour colour = pick(ObjectColour.values(), random);
        SizeClass size = pick(SizeClass.values(), random);
        Placement position = pick(Placement.values(), random);
        Background background = pick(Background.values(), random);
        return jittered(shape, colour, size, position, background, random);
    }

    /** The value this scene has for {@code attribute}. */
    public AttributeValue value(Attribute attribute) {
        return switch (attribute) {
            case SHAPE -> shape;
            case COLOUR -> colour;
            case SIZE -> size;
            case POSITION -> position;
            case BACKGROUND -> background;
        };
    }

    public Composition composition() {
        return new Composition(colour, shape);
    }

    private static int jitter(SplittableRandom random, int amplitude) {
        return random.nextInt(-amplitude, amplitude + 1);
    }

    private static <T> T pick(T[] values, SplittableRandom random) {
        return values[random.nextInt(values.length)];
    }
}
