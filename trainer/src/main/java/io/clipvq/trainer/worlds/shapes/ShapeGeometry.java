package io.clipvq.trainer.worlds.shapes;

/**
 * The inside rules of docs/worlds.md#shapes-inside-rules, tested at pixel centres (x + 0.5, y + 0.5). Bounds include
 * both edges. All quantities are multiples of 0.5 (or exact ratios compared by cross-multiplication), so the doubles
 * are exact and no pixel on an edge depends on rounding.
 */
public final class ShapeGeometry {

    private ShapeGeometry() {
    }

    /** Arm width of the cross: w = round(s / 3) (s / 3 is never a tie for an integer s). */
    public static int crossArmWidth(int side) {
        return (int) Math.round(side / 3.0);
    }

    /** Whether the centre of pixel (x, y) is inside a {@code shape} of side {@code side} centred at (cx, cy). */
    public static boolean inside(ShapeKind shape, int side, double cx, double cy, int x, int y) {
        double px = x + 0.5;
        double py = y + 0.5;
        double half = side / 2.0;
        double dx = px - cx;
        double dy = py - cy;
        boolean inSquare = Math.abs(dx) <= half && Math.abs(dy) <= half;
        return switch (shape) {
            case CIRCLE -> dx * dx + dy * dy <= half * half;
            case SQUARE -> inSquare;
            case TRIANGLE -> {
                double top = cy - half;
                // |px - cx| <= (py - top) / 2, written without the division
                yield py >= top && py <= cy + half && 2 * Math.abs(dx) <= py - top;
            }
            case CROSS -> {
                double halfArm = crossArmWidth(side) / 2.0;
                yield inSquare && (Math.abs(dx) <= halfArm || Math.abs(dy) <= halfArm);
            }
        };
    }

    /** Row-major mask of a {@code width} x {@code height} canvas. */
    public static boolean[] mask(ShapeKind shape, int side, double cx, double cy, int width, int height) {
        boolean[] mask = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                mask[y * width + x] = inside(shape, side, cx, cy, x, y);
            }
        }
        return mask;
    }
}
