package io.clipvq.engine.sampler;

import io.clipvq.engine.schedule.DiffusionSchedule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskedDiffusionSamplerTest {
    private static final int K = 16;
    private static final int N = 12;

    /**
     * A fake network (pure function of codes, t and row): prefers code (position + row-type) mod K, more strongly
     * when conditional, and a little the current neighbours.
     */
    private static final class FakeDenoiser implements MaskedDiffusionSampler.Denoiser {
        final List<Integer> timesteps = new ArrayList<>();
        final List<Boolean> guidedCalls = new ArrayList<>();

        @Override
        public long predict(long[] codes, int candidates, int t, boolean guided, float[] out) {
            timesteps.add(t);
            guidedCalls.add(guided);
            int rows = guided ? 2 * candidates : candidates;
            for (int row = 0; row < rows; row++) {
                int c = row % candidates;
                boolean nul = row >= candidates;
                for (int k = 0; k < K; k++) {
                    for (int n = 0; n < N; n++) {
                        int preferred = (n + (nul ? 3 : 0)) % K;
                        double l = (k == preferred ? 0.3 : 0.0) + 0.1 * ((k * 7 + n * 3 + t) % 5);
                        long left = codes[c * N + (n + N - 1) % N];
                        if (left == k) {
                            l += 0.5;
                        }
                        out[(row * K + k) * N + n] = (float) l;
                    }
                }
            }
            return 1;
        }
    }

    private static final DiffusionSchedule SCHEDULE = DiffusionSchedule.standard(K, 20);

    @Test
    void should_give_the_same_codes_for_the_same_seeds_and_different_codes_otherwise() {
        MaskedDiffusionSampler sampler = new MaskedDiffusionSampler(SCHEDULE, N);
        SamplingParameters params = new SamplingParameters(20, 1.5, 0.95);
        long[] first = sampler.sample(new long[] {1, 2, 3}, params, new FakeDenoiser()).codes().clone();
        long[] again = sampler.sample(new long[] {1, 2, 3}, params, new FakeDenoiser()).codes().clone();
        long[] other = sampler.sample(new long[] {4, 5, 6}, params, new FakeDenoiser()).codes().clone();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        for (long code : first) {
            assertThat(code).isBetween(0L, (long) K - 1);
        }
        // a candidate's codes depend only on its own seed, not on its neighbours in the batch... for an
        // independent network; here the fake network is per-row, so candidate 0 must be the same alone
        long[] alone = sampler.sample(new long[] {1}, params, new FakeDenoiser()).codes().clone();
        assertThat(alone).isEqualTo(Arrays.copyOf(first, N));
    }

    @Test
    void should_give_the_same_codes_whatever_the_sampler_parallelism() {
        SamplingParameters params = new SamplingParameters(10, 1.5, 0.95);
        long[] seeds = {11, 12, 13, 14, 15};
        long[] sequential = new MaskedDiffusionSampler(SCHEDULE, N).sample(seeds, params, new FakeDenoiser()).codes();
        for (int threads : new int[] {2, 3, 8}) {
            try (MaskedDiffusionSampler parallel = new MaskedDiffusionSampler(SCHEDULE, N, threads)) {
                assertThat(parallel.sample(seeds, params, new FakeDenoiser()).codes()).as("%d threads", threads)
                        .isEqualTo(sequential);
            }
        }
    }

    @Test
    void should_visit_the_planned_timesteps_and_skip_null_rows_without_guidance() {
        MaskedDiffusionSampler sampler = new MaskedDiffusionSampler(SCHEDULE, N);
        FakeDenoiser fake = new FakeDenoiser();
        MaskedDiffusionSampler.Result result = sampler.sample(new long[] {9, 10}, new SamplingParameters(5, 1.0, 1.0), fake);
        assertThat(fake.timesteps).containsExactly(20, 16, 12, 8, 4);
        assertThat(fake.guidedCalls).containsOnly(false);
        assertThat(result.steps()).isEqualTo(5);
        assertThat(result.networkNanos()).isEqualTo(5);
        assertThat(SamplingTimesteps.of(100, 25)[1]).isEqualTo(96);
        assertThat(SamplingTimesteps.of(100, 100)).startsWith(100, 99).endsWith(1, 0);
        assertThat(SamplingTimesteps.of(10, 3)).containsExactly(10, 6, 3, 0);
        assertThatThrownBy(() -> SamplingTimesteps.of(10, 11)).hasMessageContaining("steps");
    }

    @Test
    void should_follow_a_strongly_preferred_code() {
        MaskedDiffusionSampler sampler = new MaskedDiffusionSampler(SCHEDULE, N);
        MaskedDiffusionSampler.Denoiser certain = (codes, candidates, t, guided, out) -> {
            Arrays.fill(out, -60f);
            int rows = guided ? 2 * candidates : candidates;
            for (int row = 0; row < rows; row++) {
                for (int n = 0; n < N; n++) {
                    out[(row * K + (n % K)) * N + n] = 0f;
                }
            }
            return 0;
        };
        long[] codes = sampler.sample(new long[] {77}, new SamplingParameters(10, 1.0, 0.9), certain).codes();
        for (int n = 0; n < N; n++) {
            assertThat(codes[n]).isEqualTo(n % K);
        }
    }
}
