package io.clipvq.worker.generation;

import java.util.Comparator;

/**
 * Orders model versions as people read them: dot- or dash-separated parts compared one by one, numerically where
 * both parts are numbers ("0.10.0" after "0.9.1"), as text otherwise; a version that is a prefix of another comes
 * first. A job that names no version runs on the greatest version of its model by this order.
 */
public final class VersionOrder implements Comparator<String> {
    public static final VersionOrder INSTANCE = new VersionOrder();

    private VersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] left = a.split("[.-]");
        String[] right = b.split("[.-]");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = comparePart(left[i], right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length) != 0 ? Integer.compare(left.length, right.length)
                : a.compareTo(b);
    }

    private static int comparePart(String a, String b) {
        boolean numeric = a.matches("\\d{1,18}") && b.matches("\\d{1,18}");
        return numeric ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : a.compareTo(b);
    }
}
