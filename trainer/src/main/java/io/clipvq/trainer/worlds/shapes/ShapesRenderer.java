package io.clipvq.trainer.worlds.shapes;

/**
 * Draws a {@link ShapeScene} on the 32 x 32 canvas following the inside rules of docs/worlds.md#shapes-inside-rules,
 * without anti-aliasing.
 */
public final class ShapesRenderer {

    private ShapesRenderer() {
    }

    public static ShapesImage render(ShapeScene scene) {
        int background = scene.background().rgb().packed();
        int object = scene.colour().rgb().packed();
        boolean[] mask = objectMask(scene);
        int[] rgb = new int[ShapesImage.PIXELS];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = mask[i] ? object : background;
        }
        return ShapesImage.ofPacked(rgb);
    }

    /** Which pixels (row-major) belong to the object. */
    public static boolean[] objectMask(ShapeScene scene) {
        return ShapeGeometry.mask(scene.shape(), scene.side(), scene.centreX(), scene.centreY(), ShapesImage.SIZE,
                ShapesImage.SIZE);
    }
}
