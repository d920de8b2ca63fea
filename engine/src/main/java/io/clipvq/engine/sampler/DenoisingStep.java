package io.clipvq.engine.sampler;

/**
 * One reverse step for one candidate: per position guidance, truncation, posterior and a Gumbel-max draw,
 * updating the codes in place. Holds the scratch arrays of one K, allocated once; not thread-safe.
 */
final class DenoisingStep {
    private final int numCodes;
    private final double[] prob;
    private final double[] posterior;
    private final Truncation truncation;
    private final GumbelMax gumbel;

    DenoisingStep(int numCodes) {
        this.numCodes = numCodes;
        this.prob = new double[numCodes];
        this.posterior = new double[numCodes + 1];
        this.truncation = new Truncation(numCodes);
        this.gumbel = new GumbelMax(numCodes + 1);
    }

    /**
     * @param logProbs  denoiser output, layout [rows, K, N]
     * @param condRow   this candidate's conditional row
     * @param nullRow   its null-condition row, or -1 when the step is not guided
     * @param codes     x_t for all candidates, [candidates, N]; row {@code codeRow} is replaced by x_s
     */
    void apply(float[] logProbs, int condRow, int nullRow, int numPositions, long[] codes, int codeRow,
                      PosteriorStep step, SamplingParameters params, SplitMix64 rng) {
        final int k = numCodes;
        final int n = numPositions;
        final int rowSize = k * n;
        final int codeBase = codeRow * n;
        for (int pos = 0; pos < n; pos++) {
            int condOffset = condRow * rowSize + pos;
            int nullOffset = nullRow < 0 ? -1 : nullRow * rowSize + pos;
            int top = Guidance.guidedProbabilities(logProbs, condOffset, nullOffset, n, k, params.guidanceScale(), prob);
            truncation.apply(prob, top, params.truncation());
            int xt = (int) codes[codeBase + pos];
            int likely = step.posterior(xt, prob, posterior);
            codes[codeBase + pos] = gumbel.draw(posterior, k + 1, likely, rng);
        }
    }
}
