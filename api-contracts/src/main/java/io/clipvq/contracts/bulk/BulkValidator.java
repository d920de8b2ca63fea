package io.clipvq.contracts.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobRequest;
import io.clipvq.contracts.job.ModelRef;
import io.clipvq.contracts.job.RequestChecks;
import io.clipvq.contracts.job.SafeNames;
import io.clipvq.contracts.job.SamplingSettings;
import io.clipvq.contracts.job.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.clipvq.contracts.job.RequestChecks.checkSamplingModelAndPrefix;
import static io.clipvq.contracts.job.RequestChecks.isMissing;
import static io.clipvq.contracts.job.RequestChecks.modelOf;
import static io.clipvq.contracts.job.RequestChecks.quoted;
import static io.clipvq.contracts.job.RequestChecks.range;
import static io.clipvq.contracts.job.RequestChecks.samplingOf;
import static io.clipvq.contracts.job.RequestChecks.shown;

/**
 * Turns a parsed JSON tree into a {@link BulkRequest} or {@link ShardMessage}, or a list of {@link Violation}s that
 * name the field and the value. As for job requests: first the shape of the JSON, then the rules on values, which
 * {@link BulkRequest.Builder} shares. Sampling and model follow the job request's rules.
 */
public final class BulkValidator {
    private BulkValidator() {
    }

    private static final Set<String> REQUEST_FIELDS = Set.of("schemaVersion", "jobId", "prompts", "promptsObject",
            "imagesPerPrompt", "candidatesPerImage", "seedBase", "sampling", "model", "outputPrefix", "layout",
            "shardSize", "tarShards");
    private static final Set<String> SHARD_FIELDS = Set.of("schemaVersion", "jobId", "shardIndex", "firstImage",
            "imageCount");

    /** @throws InvalidJobMessageException naming every problem found */
    public static BulkRequest toRequest(JsonNode root) {
        Shape shape = Shape.of(root, REQUEST_FIELDS);
        List<String> prompts = null;
        JsonNode promptsNode = root.get("prompts");
        if (!isMissing(promptsNode)) {
            if (!promptsNode.isArray()) {
                shape.add("prompts", shown(promptsNode), "must be an array of strings");
            } else {
                prompts = new ArrayList<>();
                for (int i = 0; i < promptsNode.size(); i++) {
                    JsonNode prompt = promptsNode.get(i);
                    if (prompt.isTextual()) {
                        prompts.add(prompt.textValue());
                    } else {
                        shape.add("prompts[" + i + "]", shown(prompt), "must be a string");
                    }
                }
            }
        }
        shape.requireText("jobId");
        String promptsObject = shape.optionalText(root, "promptsObject", "promptsObject");
        Integer imagesPerPrompt = shape.optionalInt(root, "imagesPerPrompt", "imagesPerPrompt");
        Integer candidates = shape.optionalInt(root, "candidatesPerImage", "candidatesPerImage");
        Integer shardSize = shape.optionalInt(root, "shardSize", "shardSize");
        Long seedBase = null;
        JsonNode seedNode = root.get("seedBase");
        if (!isMissing(seedNode)) {
            if (seedNode.isIntegralNumber() && seedNode.canConvertToLong()) {
                seedBase = seedNode.longValue();
            } else {
                shape.add("seedBase", shown(seedNode), "must be a 64-bit integer");
            }
        }
        boolean tarShards = false;
        JsonNode tarNode = root.get("tarShards");
        if (!isMissing(tarNode)) {
            if (tarNode.isBoolean()) {
                tarShards = tarNode.booleanValue();
            } else {
                shape.add("tarShards", shown(tarNode), "must be true or false");
            }
        }
        BulkLayout layout = BulkLayout.FLAT;
        String layoutName = shape.optionalText(root, "layout", "layout");
        if (layoutName != null) {
            try {
                layout = BulkLayout.fromWireName(layoutName);
            } catch (IllegalArgumentException e) {
                shape.add("layout", quoted(layoutName), "must be one of " + BulkLayout.known());
            }
        }
        String prefix = shape.optionalText(root, "outputPrefix", "outputPrefix");
        SamplingSettings sampling = samplingOf(root.get("sampling"), shape.violations);
        ModelRef model = modelOf(root.get("model"), shape.violations);
        shape.throwIfAny();
        String id = root.get("jobId").textValue();
        BulkRequest request = new BulkRequest(BulkDefaults.SCHEMA_VERSION, id, prompts, promptsObject,
                imagesPerPrompt == null ? BulkDefaults.DEFAULT_IMAGES_PER_PROMPT : imagesPerPrompt,
                candidates == null ? BulkDefaults.DEFAULT_CANDIDATES_PER_IMAGE : candidates,
                seedBase == null ? JobRequest.defaultSeedFor(id) : seedBase, sampling, model,
                prefix == null ? BulkDefaults.DEFAULT_OUTPUT_PREFIX : prefix, layout,
                shardSize == null ? BulkDefaults.DEFAULT_SHARD_SIZE : shardSize, tarShards);
        requireValid(request);
        return request;
    }

    /** @throws InvalidJobMessageException naming every problem found */
    public static ShardMessage toShard(JsonNode root) {
        Shape shape = Shape.of(root, SHARD_FIELDS);
        shape.requireText("jobId");
        Integer shardIndex = shape.requiredInt(root, "shardIndex");
        Integer imageCount = shape.requiredInt(root, "imageCount");
        Long firstImage = null;
        JsonNode first = root.get("firstImage");
        if (isMissing(first)) {
            shape.add("firstImage", null, "is required");
        } else if (!first.isIntegralNumber() || !first.canConvertToLong()) {
            shape.add("firstImage", shown(first), "must be an integer");
        } else {
            firstImage = first.longValue();
        }
        shape.throwIfAny();
        String jobId = root.get("jobId").textValue();
        List<Violation> v = new ArrayList<>();
        SafeNames.jobIdProblem(jobId).ifPresent(p -> v.add(new Violation("jobId", quoted(jobId), p)));
        if (shardIndex < 0) {
            v.add(new Violation("shardIndex", shardIndex.toString(), "must be at least 0"));
        }
        if (firstImage < 0) {
            v.add(new Violation("firstImage", firstImage.toString(), "must be at least 0"));
        }
        range(v, "imageCount", imageCount, 1, BulkDefaults.MAX_SHARD_SIZE);
        if (!v.isEmpty()) {
            throw new InvalidJobMessageException(v, SafeNames.isSafeJobId(jobId) ? jobId : null);
        }
        return new ShardMessage(BulkDefaults.SCHEMA_VERSION, jobId, shardIndex, firstImage, imageCount);
    }

    /** The rules on values. @throws InvalidJobMessageException naming every broken rule */
    public static void requireValid(BulkRequest request) {
        List<Violation> violations = violationsOf(request);
        if (!violations.isEmpty()) {
            throw new InvalidJobMessageException(violations,
                    SafeNames.isSafeJobId(request.jobId()) ? request.jobId() : null);
        }
    }

    public static List<Violation> violationsOf(BulkRequest r) {
        List<Violation> v = new ArrayList<>();
        if (r.schemaVersion() != BulkDefaults.SCHEMA_VERSION) {
            v.add(new Violation("schemaVersion", String.valueOf(r.schemaVersion()),
                    "unsupported schema version (supported: " + BulkDefaults.SCHEMA_VERSION + ")"));
        }
        SafeNames.jobIdProblem(r.jobId()).ifPresent(p -> v.add(new Violation("jobId", quoted(r.jobId()), p)));
        if (r.prompts() == null && r.promptsObject() == null) {
            v.add(new Violation("prompts", null, "is required (or promptsObject: a prompt file in the bucket)"));
        } else if (r.prompts() != null && r.promptsObject() != null) {
            v.add(new Violation("promptsObject", quoted(r.promptsObject()),
                    "must not be given together with prompts (one source of prompts)"));
        }
        if (r.prompts() != null) {
            if (r.prompts().isEmpty()) {
                v.add(new Violation("prompts", "[]", "must contain at least 1 prompt"));
            } else if (r.prompts().size() > BulkDefaults.MAX_INLINE_PROMPTS) {
                v.add(new Violation("prompts", r.prompts().size() + " prompts", "must contain at most "
                        + BulkDefaults.MAX_INLINE_PROMPTS + " prompts (put more in a promptsObject)"));
            }
            for (int i = 0; i < r.prompts().size(); i++) {
                promptProblem(r.prompts().get(i)).ifPresent(addTo(v, "prompts[" + i + "]", r.prompts().get(i)));
            }
        }
        if (r.promptsObject() != null) {
            if (r.promptsObject().length() > BulkDefaults.MAX_PROMPTS_OBJECT_LENGTH) {
                v.add(new Violation("promptsObject", quoted(r.promptsObject()),
                        "must be at most " + BulkDefaults.MAX_PROMPTS_OBJECT_LENGTH + " characters"));
            } else {
                // an object key obeys the same rules as an output prefix: relative, no '..', no control characters
                SafeNames.outputPrefixProblem(r.promptsObject()).ifPresent(
                        addTo(v, "promptsObject", r.promptsObject()));
            }
        }
        range(v, "imagesPerPrompt", r.imagesPerPrompt(), 1, BulkDefaults.MAX_IMAGES_PER_PROMPT);
        range(v, "candidatesPerImage", r.candidatesPerImage(), BulkDefaults.MIN_CANDIDATES_PER_IMAGE,
                BulkDefaults.MAX_CANDIDATES_PER_IMAGE);
        range(v, "shardSize", r.shardSize(), BulkDefaults.MIN_SHARD_SIZE, BulkDefaults.MAX_SHARD_SIZE);
        if (r.prompts() != null && !r.prompts().isEmpty() && r.imagesPerPrompt() >= 1 && r.shardSize() >= 1) {
            sizeProblem(r, r.prompts().size()).ifPresent(v::add);
        }
        checkSamplingModelAndPrefix(r.sampling(), r.model(), r.outputPrefix(), v);
        return v;
    }

    /**
     * The size rules that need the prompt count (known at once for inline prompts, after reading for a prompts
     * object): the total image count and the shard count must stay within the limits.
     */
    public static Optional<Violation> sizeProblem(BulkRequest r, long promptCount) {
        String field = r.hasInlinePrompts() ? "prompts" : "promptsObject";
        long total = r.totalImages(promptCount);
        if (promptCount > BulkDefaults.MAX_OBJECT_PROMPTS) {
            return Optional.of(new Violation(field, promptCount + " prompts",
                    "must hold at most " + BulkDefaults.MAX_OBJECT_PROMPTS + " prompts"));
        }
        if (total > BulkDefaults.MAX_TOTAL_IMAGES) {
            return Optional.of(new Violation("imagesPerPrompt", String.valueOf(r.imagesPerPrompt()), promptCount
                    + " prompts x " + r.imagesPerPrompt() + " = " + total + " images, more than the limit of "
                    + BulkDefaults.MAX_TOTAL_IMAGES));
        }
        long shards = (total + r.shardSize() - 1) / r.shardSize();
        if (shards > BulkDefaults.MAX_SHARDS) {
            return Optional.of(new Violation("shardSize", String.valueOf(r.shardSize()), total + " images make "
                    + shards + " shards, more than the limit of " + BulkDefaults.MAX_SHARDS + "; use larger shards"));
        }
        return Optional.empty();
    }

    /** The problem with one prompt (inline or read from a prompts object), or empty. */
    public static Optional<String> promptProblem(String prompt) {
        return RequestChecks.promptProblem(prompt);
    }

    private static java.util.function.Consumer<String> addTo(List<Violation> v, String field, String value) {
        return problem -> v.add(new Violation(field, quoted(value), problem));
    }

    /** The first pass: presence, types and unknown fields, collecting every violation. */
    private static final class Shape {
        private final JsonNode root;
        private final String jobId;
        private final List<Violation> violations = new ArrayList<>();

        private Shape(JsonNode root, String jobId) {
            this.root = root;
            this.jobId = jobId;
        }

        static Shape of(JsonNode root, Set<String> known) {
            Shape shape = new Shape(root, RequestChecks.safeJobIdOf(root).orElse(null));
            if (root == null || !root.isObject()) {
                shape.add("$", shown(root), "must be a JSON object");
                throw new InvalidJobMessageException(shape.violations, null);
            }
            JsonNode version = root.get("schemaVersion");
            if (isMissing(version)) {
                shape.add("schemaVersion", null, "is required");
            } else if (!version.isIntegralNumber() || !version.canConvertToInt()
                    || version.intValue() != BulkDefaults.SCHEMA_VERSION) {
                shape.add("schemaVersion", shown(version),
                        "unsupported schema version (supported: " + BulkDefaults.SCHEMA_VERSION + ")");
            }
            if (!shape.violations.isEmpty()) {
                throw new InvalidJobMessageException(shape.violations, shape.jobId);
            }
            shape.unknownFields(root, known, "");
            return shape;
        }

        void add(String field, String value, String problem) {
            violations.add(new Violation(field, value, problem));
        }

        void throwIfAny() {
            if (!violations.isEmpty()) {
                throw new InvalidJobMessageException(violations, jobId);
            }
        }

        void unknownFields(JsonNode node, Set<String> known, String path) {
            RequestChecks.unknownFields(node, known, path, violations);
        }

        void requireText(String name) {
            RequestChecks.requireText(root, name, name, violations);
        }

        String optionalText(JsonNode node, String name, String path) {
            return RequestChecks.optionalText(node, name, path, violations);
        }

        Integer optionalInt(JsonNode node, String name, String path) {
            return RequestChecks.optionalInt(node, name, path, violations);
        }

        Integer requiredInt(JsonNode node, String name) {
            if (isMissing(node.get(name))) {
                add(name, null, "is required");
                return null;
            }
            return optionalInt(node, name, name);
        }
    }
}
