package io.clipvq.worker.generation;

import io.clipvq.contracts.job.ModelRef;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the model a job runs on so that a job never mixes versions: the version the request names; else the version
 * recorded for the job by an earlier attempt (the jobs row keeps it), while it is still servable; else the newest
 * servable version of the name.
 */
public final class ModelPin {
    private static final Logger LOG = Logger.getLogger(ModelPin.class);

    private ModelPin() {
    }

    /**
     * @param recorded the model the jobs row records (null when none); its version is the pin of an earlier attempt
     *                 only when the request names no version
     */
    public static Optional<ServableModel> choose(ModelRef requested, ModelRef recorded,
                                                 Function<ModelRef, Optional<ServableModel>> resolve) {
        if (requested.version() == null && recorded != null && recorded.version() != null
                && recorded.name().equals(requested.name())) {
            Optional<ServableModel> pinned = resolve.apply(recorded);
            if (pinned.isPresent()) {
                return pinned;
            }
            LOG.warnf("model %s, which this job started on, is no longer servable; continuing on the newest %s",
                    recorded, requested.name());
        }
        return resolve.apply(requested);
    }

    /** "a:1, b:2": the servable models, for a message that refuses a job. */
    public static String list(ModelCatalog catalog) {
        return String.join(", ", catalog.models().stream().map(ServableModel::id).toList());
    }
}
