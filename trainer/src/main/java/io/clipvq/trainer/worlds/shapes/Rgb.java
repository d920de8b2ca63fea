package io.clipvq.trainer.worlds.shapes;

/** An 8-bit RGB colour. */
public record Rgb(int r, int g, int b) {

    public Rgb {
        if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255) {
            throw new IllegalArgumentException("RGB components must be in 0..255, got " + r + "," + g + "," + b);
        }
    }

    public static Rgb fromPacked(int rgb) {
        return new Rgb((rgb >>> 16) & 0xFF, (rgb >>> 8) & 0xFF, rgb & 0xFF);
    }

    /** 0xRRGGBB. */
    public int packed() {
        return (r << 16) | (g << 8) | b;
    }

    /** Squared Euclidean distance in RGB to a packed 0xRRGGBB colour. */
    public int distanceSquaredTo(int packedRgb) {
        int dr = r - ((packedRgb >>> 16) & 0xFF);
        int dg = g - ((packedRgb >>> 8) & 0xFF);
        int db = b - (packedRgb & 0xFF);
        return dr * dr + dg * dg + db * db;
    }
}
