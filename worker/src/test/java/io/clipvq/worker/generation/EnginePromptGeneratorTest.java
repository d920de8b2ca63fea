package io.clipvq.worker.generation;

import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.SamplingSettings;
import io.clipvq.engine.GenerationSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnginePromptGeneratorTest {

    @Test
    void should_pass_job_settings_to_the_engine_and_leave_unset_ones_to_the_bundle() {
        JobRequest request = JobRequest.builder("j", new ModelRef("m", null)).addPrompt("p").optCandidatesPerPrompt(8)
                .optKeepPerPrompt(3).optSampling(new SamplingSettings(null, 2.5, null)).build();

        assertThat(EnginePromptGenerator.settingsOf(request)).isEqualTo(new GenerationSettings(8, 3, null, 2.5, null));
    }
}
