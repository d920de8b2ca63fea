package io.clipvq.modelbuild.graphs;

/** Argument checks of the spec records, with messages that name the field and the value. */
final class Checks {
    private Checks() {
    }

    static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    static void divisible(String field, int value, String byField, int by) {
        if (value % by != 0) {
            throw new IllegalArgumentException(field + " (" + value + ") must be divisible by " + byField + " (" + by + ")");
        }
    }

    static void powerOfTwo(String field, int value) {
        if (value <= 0 || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(field + " must be a power of two, got " + value);
        }
    }
}
