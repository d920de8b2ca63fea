package io.clipvq.contracts.bundle;

/**
 * One dimension of a tensor signature: a fixed size, or symbolic (the batch B, any size chosen at run time).
 *
 * @param size   the fixed size, or -1 when symbolic
 * @param symbol the symbol's name ("B") when symbolic, else null
 */
public record Dim(long size, String symbol) {
    public static final Dim BATCH = new Dim(-1, "B");

    public Dim {
        if ((size < 0) != (symbol != null)) {
            throw new IllegalArgumentException("a dimension is either fixed (size >= 0) or symbolic, got " + size
                    + " / " + symbol);
        }
    }

    public static Dim of(long size) {
        return new Dim(size, null);
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    @Override
    public String toString() {
        return isSymbolic() ? symbol : Long.toString(size);
    }
}
