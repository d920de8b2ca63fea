package io.clipvq.trainer.worlds.shapes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the five attributes of a Shapes image from its pixels alone (no scene, no model), so that generated images
 * can be scored against their prompts deterministically.
 *
 * <ol>
 *   <li>Every pixel gets the nearest of the nine palette colours (three backgrounds, six object colours).</li>
 *   <li>Background: the most common background label among the 124 border pixels (objects may touch the border but
 *   never cover most of it).</li>
 *   <li>Object: the largest group of object-coloured pixels, where pixels at most {@value #LINK_DISTANCE} apart
 *   (Chebyshev) are linked, so a stray noise line does not split the object and far specks stay apart. Fewer than
 *   the minimum pixels: no object.</li>
 *   <li>Colour: majority label of the object's pixels.</li>
 *   <li>Shape, size and position: the rendered shape (four kinds, sides {@value #MIN_SIDE}..{@value #MAX_SIDE},
 *   integer centres near the object's bounding box centre) with the highest IoU against the object; size is small
 *   when the fitted side is at most {@value #SMALL_MAX_SIDE} (between 9 and 13), position the nominal centre
 *   nearest the fitted centre.</li>
 * </ol>
 */
public final class AttributeChecker {

    static final int LINK_DISTANCE = 2;
    static final int MIN_SIDE = 5;
    static final int MAX_SIDE = 18;
    static final int SMALL_MAX_SIDE = 11;
    private static final int CENTRE_SEARCH = 2;
    private static final int SIZE = ShapesImage.SIZE;

    private static final Background[] BACKGROUNDS = Background.values();
    private static final ObjectColour[] COLOURS = ObjectColour.values();
    private static final int[] PALETTE = palette();

    private static final int TEMPLATE_ORIGIN = 16;
    private static final long CANVAS_ROW = 0xFFFF_FFFFL;
    private static final long[][][] TEMPLATES = templates();

    private final int minObjectPixels;

    private AttributeChecker(Builder builder) {
        this.minObjectPixels = builder.minObjectPixels;
    }

    public static Builder builder() {
        return new Builder();
    }

    public CheckedAttributes check(ShapesImage image) {
        int[] rgb = image.packed();
        int[] labels = new int[rgb.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = nearestPaletteIndex(rgb[i]);
        }
        Background background = background(image, labels);
        List<Integer> object = largestObjectGroup(labels);
        if (object.size() < minObjectPixels) {
            return CheckedAttributes.noObject(background);
        }
        ObjectColour colour = majorityColour(object, labels);
        Fit fit = bestFit(object);
        Map<Attribute, AttributeValue> found = new EnumMap<>(Attribute.class);
        found.put(Attribute.BACKGROUND, background);
        found.put(Attribute.COLOUR, colour);
        found.put(Attribute.SHAPE, fit.shape);
        found.put(Attribute.SIZE, fit.side <= SMALL_MAX_SIDE ? SizeClass.SMALL : SizeClass.LARGE);
        found.put(Attribute.POSITION, nearestPlacement(fit.cx, fit.cy));
        return new CheckedAttributes(found, object.size(), fit.iou, fit.side, fit.cx, fit.cy);
    }

    private static Background background(ShapesImage image, int[] labels) {
        int[] votes = new int[BACKGROUNDS.length];
        int[] fallbackVotes = new int[BACKGROUNDS.length];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (x != 0 && y != 0 && x != SIZE - 1 && y != SIZE - 1) {
                    continue;
                }
                int label = labels[y * SIZE + x];
                if (label < BACKGROUNDS.length) {
                    votes[label]++;
                }
                fallbackVotes[nearestBackgroundIndex(image.pixel(x, y))]++;
            }
        }
        // a border with no background-coloured pixel at all still gets the nearest background
        return BACKGROUNDS[argMax(sum(votes) > 0 ? votes : fallbackVotes)];
    }

    private static List<Integer> largestObjectGroup(int[] labels) {
        boolean[] visited = new boolean[labels.length];
        List<Integer> best = List.of();
        for (int start = 0; start < labels.length; start++) {
            if (visited[start] || !isObjectLabel(labels[start])) {
                continue;
            }
            List<Integer> group = new ArrayList<>();
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(start);
            visited[start] = true;
            while (!queue.isEmpty()) {
                int pixel = queue.poll();
                group.add(pixel);
                int px = pixel % SIZE;
                int py = pixel / SIZE;
                for (int y = Math.max(0, py - LINK_DISTANCE); y <= Math.min(SIZE - 1, py + LINK_DISTANCE); y++) {
                    for (int x = Math.max(0, px - LINK_DISTANCE); x <= Math.min(SIZE - 1, px + LINK_DISTANCE); x++) {
                        int next = y * SIZE + x;
                        if (!visited[next] && isObjectLabel(labels[next])) {
                            visited[next] = true;
                            queue.add(next);
                        }
                    }
                }
            }
            if (group.size() > best.size()) {
                best = group;
            }
        }
        return best;
    }

    private static ObjectColour majorityColour(List<Integer> object, int[] labels) {
        int[] votes = new int[COLOURS.length];
        for (int pixel : object) {
            votes[labels[pixel] - BACKGROUNDS.length]++;
        }
        return COLOURS[argMax(votes)];
    }

    private record Fit(ShapeKind shape, int side, int cx, int cy, double iou) {
    }

    /** Highest IoU; ties go to the side nearer a nominal size, then to the first in search order. */
    private static Fit bestFit(List<Integer> object) {
        // rows as bit sets (bit x = pixel x) so that overlaps are counted a row at a time
        long[] rows = new long[SIZE];
        int minX = SIZE;
        int maxX = -1;
        int minY = SIZE;
        int maxY = -1;
        for (int pixel : object) {
            rows[pixel / SIZE] |= 1L << (pixel % SIZE);
            minX = Math.min(minX, pixel % SIZE);
            maxX = Math.max(maxX, pixel % SIZE);
            minY = Math.min(minY, pixel / SIZE);
            maxY = Math.max(maxY, pixel / SIZE);
        }
        // the bounding square [cx - s/2, cx + s/2] of a rendered shape covers columns cx - s/2 .. cx + s/2 - 1
        // for even s, so the pixel-box centre (min + max + 1) / 2 estimates cx
        int centreX = Math.round((minX + maxX + 1) / 2f);
        int centreY = Math.round((minY + maxY + 1) / 2f);
        Fit best = null;
        for (ShapeKind shape : ShapeKind.values()) {
            for (int side = MIN_SIDE; side <= MAX_SIDE; side++) {
                long[] template = TEMPLATES[shape.ordinal()][side];
                for (int cy = centreY - CENTRE_SEARCH; cy <= centreY + CENTRE_SEARCH; cy++) {
                    for (int cx = centreX - CENTRE_SEARCH; cx <= centreX + CENTRE_SEARCH; cx++) {
                        int shift = cx - TEMPLATE_ORIGIN;
                        int onCanvas = 0;
                        int overlap = 0;
                        for (int row = 0; row < template.length; row++) {
                            int y = cy + row - TEMPLATE_ORIGIN;
                            if (y < 0 || y >= SIZE || template[row] == 0) {
                                continue;
                            }
                            // bits shifted below 0 or above 31 are off the canvas
                            long placed = (shift >= 0 ? template[row] << shift : template[row] >>> -shift) & CANVAS_ROW;
                            onCanvas += Long.bitCount(placed);
                            overlap += Long.bitCount(placed & rows[y]);
                        }
                        double iou = overlap / (double) (onCanvas + object.size() - overlap);
                        if (best == null || iou > best.iou
                                || (iou == best.iou && sizeDistance(side) < sizeDistance(best.side))) {
                            best = new Fit(shape, side, cx, cy, iou);
                        }
                    }
                }
            }
        }
        return best;
    }

    private static int sizeDistance(int side) {
        int distance = Integer.MAX_VALUE;
        for (SizeClass size : SizeClass.values()) {
            distance = Math.min(distance, Math.abs(side - size.nominalSide()));
        }
        return distance;
    }

    private static Placement nearestPlacement(int cx, int cy) {
        Placement best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Placement placement : Placement.values()) {
            int dx = cx - placement.centreX();
            int dy = cy - placement.centreY();
            int distance = dx * dx + dy * dy;
            if (distance < bestDistance) {
                best = placement;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static boolean isObjectLabel(int label) {
        return label >= BACKGROUNDS.length;
    }

    /** Index into backgrounds then object colours. */
    private static int nearestPaletteIndex(int packedRgb) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < PALETTE.length; i++) {
            int distance = Rgb.fromPacked(PALETTE[i]).distanceSquaredTo(packedRgb);
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int nearestBackgroundIndex(int packedRgb) {
        int best = 0;
        for (int i = 1; i < BACKGROUNDS.length; i++) {
            if (BACKGROUNDS[i].rgb().distanceSquaredTo(packedRgb) < BACKGROUNDS[best].rgb().distanceSquaredTo(packedRgb)) {
                best = i;
            }
        }
        return best;
    }

    private static int argMax(int[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int value : values) {
            total += value;
        }
        return total;
    }

    private static int[] palette() {
        int[] palette = new int[BACKGROUNDS.length + COLOURS.length];
        for (int i = 0; i < BACKGROUNDS.length; i++) {
            palette[i] = BACKGROUNDS[i].rgb().packed();
        }
        for (int i = 0; i < COLOURS.length; i++) {
            palette[BACKGROUNDS.length + i] = COLOURS[i].rgb().packed();
        }
        return palette;
    }

    /**
     * Per shape and side, the rendered shape centred at (TEMPLATE_ORIGIN, TEMPLATE_ORIGIN): row r holds canvas row
     * r as a bit set; placing it at (cx, cy) shifts rows by cy - TEMPLATE_ORIGIN and bits by cx - TEMPLATE_ORIGIN
     * (the inside rule depends only on the pixel's offset from an integer centre).
     */
    private static long[][][] templates() {
        long[][][] templates = new long[ShapeKind.values().length][MAX_SIDE + 1][];
        int span = 2 * TEMPLATE_ORIGIN;
        for (ShapeKind shape : ShapeKind.values()) {
            for (int side = MIN_SIDE; side <= MAX_SIDE; side++) {
                long[] rows = new long[span];
                for (int y = 0; y < span; y++) {
                    for (int x = 0; x < span; x++) {
                        if (ShapeGeometry.inside(shape, side, TEMPLATE_ORIGIN, TEMPLATE_ORIGIN, x, y)) {
                            rows[y] |= 1L << x;
                        }
                    }
                }
                templates[shape.ordinal()][side] = rows;
            }
        }
        return templates;
    }

    public static final class Builder {
        private int minObjectPixels = 10;

        private Builder() {
        }

        /** Fewer object pixels than this reads as "no object" (default 10; the smallest object has 28). */
        public Builder optMinObjectPixels(int minObjectPixels) {
            if (minObjectPixels < 1) {
                throw new IllegalArgumentException("minObjectPixels must be >= 1, got " + minObjectPixels);
            }
            this.minObjectPixels = minObjectPixels;
            return this;
        }

        public AttributeChecker build() {
            return new AttributeChecker(this);
        }
    }
}
