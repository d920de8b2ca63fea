package io.clipvq.engine.sampler;

/**
 * Gumbel-max draws: {@code argmax_j (log w_j + G_j)} with {@code G_j = -log(-log u_j)}, u_j uniform in (0, 1)
 * from the candidate's stream, one per state in index order (so the stream position never depends on the data).
 *
 * <p>Written as the equivalent race {@code argmax_j w_j / E_j} with {@code E_j = -log u_j} (take exp of the
 * Gumbel form; the argmax is the same for the same u). Because {@code -log u >= 1 - u}, a state with
 * {@code w_j <= best * (1 - u_j)} cannot win and its logarithm is skipped: with almost-pure masking nearly all
 * mass sits on one or two states, so almost every logarithm is skipped. Weights need not be normalised.
 */
final class GumbelMax {
    // Guards the bound against the last-ulp error of Math.log.
    private static final double BOUND_SLACK = 1.0 - 1e-9;

    private final double[] uniforms;

    GumbelMax(int maxStates) {
        this.uniforms = new double[maxStates];
    }

    /**
     * @param weights  unnormalised probabilities, {@code n} states
     * @param likelyBest a state expected to win (e.g. the most probable one); any valid index is correct
     */
    int draw(double[] weights, int n, int likelyBest, SplitMix64 rng) {
        double[] u = uniforms;
        for (int j = 0; j < n; j++) {
            u[j] = rng.nextOpenUnit();
        }
        int best = likelyBest;
        double bestScore = weights[best] / -Math.log(u[best]);
        for (int j = 0; j < n; j++) {
            double w = weights[j];
            if (j == likelyBest || w <= bestScore * (1.0 - u[j]) * BOUND_SLACK) {
                continue;
            }
            double score = w / -Math.log(u[j]);
            if (score > bestScore || (score == bestScore && j < best)) {
                bestScore = score;
                best = j;
            }
        }
        return best;
    }
}
