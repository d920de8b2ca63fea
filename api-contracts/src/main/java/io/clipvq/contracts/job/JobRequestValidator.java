package io.clipvq.contracts.job;

import com.fasterxml.jackson.databind.JsonNode;

import static io.clipvq.contracts.job.RequestChecks.checkSamplingModelAndPrefix;
import static io.clipvq.contracts.job.RequestChecks.isMissing;
import static io.clipvq.contracts.job.RequestChecks.modelOf;
import static io.clipvq.contracts.job.RequestChecks.optionalInt;
import static io.clipvq.contracts.job.RequestChecks.optionalText;
import static io.clipvq.contracts.job.RequestChecks.promptProblem;
import static io.clipvq.contracts.job.RequestChecks.quoted;
import static io.clipvq.contracts.job.RequestChecks.range;
import static io.clipvq.contracts.job.RequestChecks.requireText;
import static io.clipvq.contracts.job.RequestChecks.samplingOf;
import static io.clipvq.contracts.job.RequestChecks.shown;
import static io.clipvq.contracts.job.RequestChecks.unknownFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a parsed JSON tree into a {@link JobRequest} or a list of {@link Violation}s that name the field and
 * the value. Two passes: the shape of the JSON (presence, types, unknown fields), then the rules on values,
 * which {@link JobRequest.Builder} shares so that requests built in Java obey the same rules.
 */
public final class JobRequestValidator {
    private JobRequestValidator() {
    }

    private static final Set<String> REQUEST_FIELDS = Set.of("schemaVersion", "jobId", "prompts",
            "candidatesPerPrompt", "keepPerPrompt", "seed", "sampling", "model", "outputPrefix");
    private static final Set<String> CANCEL_FIELDS = Set.of("schemaVersion", "jobId", "reason", "requestedAt");

    /** @throws InvalidJobMessageException naming every problem found */
    public static JobRequest toRequest(JsonNode root) {
        String jobId = safeJobIdOf(root).orElse(null);
        List<Violation> violations = envelopeViolations(root, jobId, REQUEST_FIELDS);
        JsonNode prompts = root.get("prompts");
        List<String> promptTexts = new ArrayList<>();
        requireText(root, "jobId", "jobId", violations);
        if (isMissing(prompts)) {
            violations.add(new Violation("prompts", null, "is required"));
        } else if (!prompts.isArray()) {
            violations.add(new Violation("prompts", shown(prompts), "must be an array of strings"));
        } else {
            for (int i = 0; i < prompts.size(); i++) {
                JsonNode prompt = prompts.get(i);
                if (!prompt.isTextual()) {
                    violations.add(new Violation("prompts[" + i + "]", shown(prompt), "must be a string"));
                } else {
                    promptTexts.add(prompt.textValue());
                }
            }
        }
        Integer candidates = optionalInt(root, "candidatesPerPrompt", "candidatesPerPrompt", violations);
        Integer keep = optionalInt(root, "keepPerPrompt", "keepPerPrompt", violations);
        Long seed = null;
        JsonNode seedNode = root.get("seed");
        if (!isMissing(seedNode)) {
            if (seedNode.isIntegralNumber() && seedNode.canConvertToLong()) {
                seed = seedNode.longValue();
            } else {
                violations.add(new Violation("seed", shown(seedNode), "must be a 64-bit integer"));
            }
        }
        SamplingSettings sampling = samplingOf(root.get("sampling"), violations);
        ModelRef model = modelOf(root.get("model"), violations);
        JsonNode prefixNode = root.get("outputPrefix");
        String prefix = JobDefaults.DEFAULT_OUTPUT_PREFIX;
        if (!isMissing(prefixNode)) {
            if (prefixNode.isTextual()) {
                prefix = prefixNode.textValue();
            } else {
                violations.add(new Violation("outputPrefix", shown(prefixNode), "must be a string"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidJobMessageException(violations, jobId);
        }
        String id = root.get("jobId").textValue();
        JobRequest request = new JobRequest(JobDefaults.SCHEMA_VERSION, id, promptTexts,
                candidates == null ? JobDefaults.DEFAULT_CANDIDATES_PER_PROMPT : candidates,
                keep == null ? JobDefaults.DEFAULT_KEEP_PER_PROMPT : keep,
                seed == null ? JobRequest.defaultSeedFor(id) : seed, sampling, model, prefix);
        requireValid(request);
        return request;
    }

    /** The rules on values. @throws InvalidJobMessageException naming every broken rule */
    public static void requireValid(JobRequest request) {
        List<Violation> violations = violationsOf(request);
        if (!violations.isEmpty()) {
            String id = SafeNames.isSafeJobId(request.jobId()) ? request.jobId() : null;
            throw new InvalidJobMessageException(violations, id);
        }
    }

    public static List<Violation> violationsOf(JobRequest r) {
        List<Violation> v = new ArrayList<>();
        if (r.schemaVersion() != JobDefaults.SCHEMA_VERSION) {
            v.add(new Violation("schemaVersion", String.valueOf(r.schemaVersion()),
                    "unsupported schema version (supported: " + JobDefaults.SCHEMA_VERSION + ")"));
        }
        SafeNames.jobIdProblem(r.jobId()).ifPresent(p -> v.add(new Violation("jobId", quoted(r.jobId()), p)));
        if (r.prompts().isEmpty()) {
            v.add(new Violation("prompts", "[]", "must contain at least 1 prompt"));
        } else if (r.prompts().size() > JobDefaults.MAX_PROMPTS) {
            v.add(new Violation("prompts", r.prompts().size() + " prompts",
                    "must contain at most " + JobDefaults.MAX_PROMPTS + " prompts (use a bulk job for more)"));
        }
        for (int i = 0; i < r.prompts().size(); i++) {
            String prompt = r.prompts().get(i);
            String field = "prompts[" + i + "]";
            promptProblem(prompt).ifPresent(p -> v.add(new Violation(field, quoted(prompt), p)));
        }
        range(v, "candidatesPerPrompt", r.candidatesPerPrompt(), JobDefaults.MIN_CANDIDATES_PER_PROMPT,
                JobDefaults.MAX_CANDIDATES_PER_PROMPT);
        boolean candidatesInRange = r.candidatesPerPrompt() >= JobDefaults.MIN_CANDIDATES_PER_PROMPT
                && r.candidatesPerPrompt() <= JobDefaults.MAX_CANDIDATES_PER_PROMPT;
        if (r.keepPerPrompt() < 1 || (candidatesInRange && r.keepPerPrompt() > r.candidatesPerPrompt())) {
            v.add(new Violation("keepPerPrompt", String.valueOf(r.keepPerPrompt()),
                    "must be between 1 and candidatesPerPrompt (" + r.candidatesPerPrompt() + ")"));
        }
        checkSamplingModelAndPrefix(r.sampling(), r.model(), r.outputPrefix(), v);
        return v;
    }

    /** @throws InvalidJobMessageException naming every problem found */
    public static CancelRequest toCancel(JsonNode root) {
        String jobId = safeJobIdOf(root).orElse(null);
        List<Violation> violations = envelopeViolations(root, jobId, CANCEL_FIELDS);
        requireText(root, "jobId", "jobId", violations);
        JsonNode id = root.get("jobId");
        if (id != null && id.isTextual()) {
            SafeNames.jobIdProblem(id.textValue()).ifPresent(p ->
                    violations.add(new Violation("jobId", quoted(id.textValue()), p)));
        }
        String reason = optionalText(root, "reason", "reason", violations);
        if (reason != null && reason.length() > JobDefaults.MAX_REASON_LENGTH) {
            violations.add(new Violation("reason", quoted(reason),
                    "must be at most " + JobDefaults.MAX_REASON_LENGTH + " characters"));
        }
        String requestedAt = optionalText(root, "requestedAt", "requestedAt", violations);
        if (!violations.isEmpty()) {
            throw new InvalidJobMessageException(violations, jobId);
        }
        return new CancelRequest(JobDefaults.SCHEMA_VERSION, id.textValue(), reason, requestedAt);
    }

    /** The message's job id when it is present and safe to use as a key, whatever else is wrong. */
    public static Optional<String> safeJobIdOf(JsonNode root) {
        return RequestChecks.safeJobIdOf(root);
    }

    /**
     * The checks every message starts with: a JSON object (else nothing more can be read), a supported schema
     * version (else the other fields may mean something else), then no unknown fields.
     *
     * @return the unknown-field violations, to which the caller adds the rest
     */
    private static List<Violation> envelopeViolations(JsonNode root, String jobId, Set<String> known) {
        List<Violation> violations = new ArrayList<>();
        if (root == null || !root.isObject()) {
            violations.add(new Violation("$", shown(root), "must be a JSON object"));
            throw new InvalidJobMessageException(violations, null);
        }
        if (!checkSchemaVersion(root, violations)) {
            throw new InvalidJobMessageException(violations, jobId);
        }
        if (known == REQUEST_FIELDS && root.has("priority")) {
            violations.add(new Violation("priority", shown(root.get("priority")), "is not supported: jobs run in "
                    + "arrival order within a partition (see the README, \"Job order\")"));
        }
        Set<String> reported = new java.util.HashSet<>(known);
        reported.add("priority");
        unknownFields(root, reported, "", violations);
        return violations;
    }

    private static boolean checkSchemaVersion(JsonNode root, List<Violation> violations) {
        JsonNode version = root.get("schemaVersion");
        if (isMissing(version)) {
            violations.add(new Violation("schemaVersion", null, "is required"));
            return false;
        }
        if (!version.isIntegralNumber()) {
            violations.add(new Violation("schemaVersion", shown(version), "must be an integer"));
            return false;
        }
        if (!version.canConvertToInt() || version.intValue() != JobDefaults.SCHEMA_VERSION) {
            violations.add(new Violation("schemaVersion", shown(version),
                    "unsupported schema version (supported: " + JobDefaults.SCHEMA_VERSION + ")"));
            return false;
        }
        return true;
    }
}
