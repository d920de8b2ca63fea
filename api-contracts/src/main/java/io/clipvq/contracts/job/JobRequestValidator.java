package io.clipvq.contracts.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
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
            "candidatesPerPrompt", "keepPerPrompt", "seed", "sampling", "model", "outputPrefix", "priority");
    private static final Set<String> SAMPLING_FIELDS = Set.of("steps", "guidanceScale", "truncation");
    private static final Set<String> MODEL_FIELDS = Set.of("name", "version");
    private static final Set<String> CANCEL_FIELDS = Set.of("schemaVersion", "jobId", "reason", "requestedAt");

    /** @throws InvalidJobMessageException naming every problem found */
    public static JobRequest toRequest(JsonNode root) {
        List<Violation> violations = new ArrayList<>();
        String jobId = safeJobIdOf(root).orElse(null);
        if (root == null || !root.isObject()) {
            violations.add(new Violation("$", shown(root), "must be a JSON object"));
            throw new InvalidJobMessageException(violations, null);
        }
        if (!checkSchemaVersion(root, violations)) {
            throw new InvalidJobMessageException(violations, jobId);
        }
        unknownFields(root, REQUEST_FIELDS, "", violations);
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
        Integer priority = optionalInt(root, "priority", "priority", violations);
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
                seed == null ? JobRequest.defaultSeedFor(id) : seed, sampling, model, prefix,
                priority == null ? JobDefaults.DEFAULT_PRIORITY : priority);
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
            if (prompt == null || prompt.isBlank()) {
                v.add(new Violation("prompts[" + i + "]", quoted(prompt), "must not be empty or blank"));
            } else if (prompt.length() > JobDefaults.MAX_PROMPT_LENGTH) {
                v.add(new Violation("prompts[" + i + "]", quoted(prompt),
                        "must be at most " + JobDefaults.MAX_PROMPT_LENGTH + " characters (has "
                                + prompt.length() + ")"));
            }
        }
        range(v, "candidatesPerPrompt", r.candidatesPerPrompt(), JobDefaults.MIN_CANDIDATES_PER_PROMPT,
                JobDefaults.MAX_CANDIDATES_PER_PROMPT);
        boolean candidatesInRange = r.candidatesPerPrompt() >= JobDefaults.MIN_CANDIDATES_PER_PROMPT
                && r.candidatesPerPrompt() <= JobDefaults.MAX_CANDIDATES_PER_PROMPT;
        if (r.keepPerPrompt() < 1 || (candidatesInRange && r.keepPerPrompt() > r.candidatesPerPrompt())) {
            v.add(new Violation("keepPerPrompt", String.valueOf(r.keepPerPrompt()),
                    "must be between 1 and candidatesPerPrompt (" + r.candidatesPerPrompt() + ")"));
        }
        SamplingSettings s = r.sampling();
        if (s.steps() != null) {
            range(v, "sampling.steps", s.steps(), JobDefaults.MIN_STEPS, JobDefaults.MAX_STEPS);
        }
        if (s.guidanceScale() != null
                && !(s.guidanceScale() >= 0 && s.guidanceScale() <= JobDefaults.MAX_GUIDANCE_SCALE)) {
            v.add(new Violation("sampling.guidanceScale", String.valueOf(s.guidanceScale()),
                    "must be between 0 and " + JobDefaults.MAX_GUIDANCE_SCALE));
        }
        if (s.truncation() != null && !(s.truncation() > 0 && s.truncation() <= 1)) {
            v.add(new Violation("sampling.truncation", String.valueOf(s.truncation()),
                    "must be in (0, 1]"));
        }
        if (r.model() == null) {
            v.add(new Violation("model", null, "is required"));
        } else {
            modelFieldProblem(r.model().name(), true).ifPresent(p ->
                    v.add(new Violation("model.name", quoted(r.model().name()), p)));
            modelFieldProblem(r.model().version(), false).ifPresent(p ->
                    v.add(new Violation("model.version", quoted(r.model().version()), p)));
        }
        SafeNames.outputPrefixProblem(r.outputPrefix()).ifPresent(p ->
                v.add(new Violation("outputPrefix", quoted(r.outputPrefix()), p)));
        range(v, "priority", r.priority(), JobDefaults.MIN_PRIORITY, JobDefaults.MAX_PRIORITY);
        return v;
    }

    /** @throws InvalidJobMessageException naming every problem found */
    public static CancelRequest toCancel(JsonNode root) {
        List<Violation> violations = new ArrayList<>();
        String jobId = safeJobIdOf(root).orElse(null);
        if (root == null || !root.isObject()) {
            violations.add(new Violation("$", shown(root), "must be a JSON object"));
            throw new InvalidJobMessageException(violations, null);
        }
        if (!checkSchemaVersion(root, violations)) {
            throw new InvalidJobMessageException(violations, jobId);
        }
        unknownFields(root, CANCEL_FIELDS, "", violations);
        requireText(root, "jobId", "jobId", violations);
        JsonNode id = root.get("jobId");
        if (id != null && id.isTextual()) {
            SafeNames.jobIdProblem(id.textValue()).ifPresent(p ->
                    violations.add(new Violation("jobId", quoted(id.textValue()), p)));
        }
        String reason = optionalText(root, "reason", violations);
        if (reason != null && reason.length() > JobDefaults.MAX_REASON_LENGTH) {
            violations.add(new Violation("reason", quoted(reason),
                    "must be at most " + JobDefaults.MAX_REASON_LENGTH + " characters"));
        }
        String requestedAt = optionalText(root, "requestedAt", violations);
        if (!violations.isEmpty()) {
            throw new InvalidJobMessageException(violations, jobId);
        }
        return new CancelRequest(JobDefaults.SCHEMA_VERSION, id.textValue(), reason, requestedAt);
    }

    /** The message's job id when it is present and safe to use as a key, whatever else is wrong. */
    public static Optional<String> safeJobIdOf(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode id = root.get("jobId");
        if (id == null || !id.isTextual() || !SafeNames.isSafeJobId(id.textValue())) {
            return Optional.empty();
        }
        return Optional.of(id.textValue());
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

    private static SamplingSettings samplingOf(JsonNode node, List<Violation> violations) {
        if (isMissing(node)) {
            return SamplingSettings.bundleDefaults();
        }
        if (!node.isObject()) {
            violations.add(new Violation("sampling", shown(node), "must be an object"));
            return SamplingSettings.bundleDefaults();
        }
        unknownFields(node, SAMPLING_FIELDS, "sampling.", violations);
        Integer steps = optionalInt(node, "steps", "sampling.steps", violations);
        Double guidance = optionalNumber(node, "guidanceScale", "sampling.guidanceScale", violations);
        Double truncation = optionalNumber(node, "truncation", "sampling.truncation", violations);
        return new SamplingSettings(steps, guidance, truncation);
    }

    private static ModelRef modelOf(JsonNode node, List<Violation> violations) {
        if (isMissing(node)) {
            violations.add(new Violation("model", null, "is required"));
            return null;
        }
        if (!node.isObject()) {
            violations.add(new Violation("model", shown(node), "must be an object with name and version"));
            return null;
        }
        unknownFields(node, MODEL_FIELDS, "model.", violations);
        requireText(node, "name", "model.name", violations);
        String version = optionalText(node, "version", violations, "model.version");
        JsonNode name = node.get("name");
        return name != null && name.isTextual() ? new ModelRef(name.textValue(), version) : null;
    }

    private static Optional<String> modelFieldProblem(String value, boolean required) {
        if (value == null) {
            return required ? Optional.of("is required") : Optional.empty();
        }
        if (value.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (value.length() > JobDefaults.MAX_MODEL_FIELD_LENGTH) {
            return Optional.of("must be at most " + JobDefaults.MAX_MODEL_FIELD_LENGTH + " characters");
        }
        return value.chars().anyMatch(Character::isISOControl)
                ? Optional.of("must not contain control characters") : Optional.empty();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String path, List<Violation> violations) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(path + name, shown(node.get(name)),
                        "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")"));
            }
        }
    }

    private static void requireText(JsonNode node, String name, String path, List<Violation> violations) {
        JsonNode value = node.get(name);
        if (isMissing(value)) {
            violations.add(new Violation(path, null, "is required"));
        } else if (!value.isTextual()) {
            violations.add(new Violation(path, shown(value), "must be a string"));
        }
    }

    private static String optionalText(JsonNode node, String name, List<Violation> violations) {
        return optionalText(node, name, violations, name);
    }

    private static String optionalText(JsonNode node, String name, List<Violation> violations, String path) {
        JsonNode value = node.get(name);
        if (isMissing(value)) {
            return null;
        }
        if (!value.isTextual()) {
            violations.add(new Violation(path, shown(value), "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static Integer optionalInt(JsonNode node, String name, String path, List<Violation> violations) {
        JsonNode value = node.get(name);
        if (isMissing(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            violations.add(new Violation(path, shown(value), "must be an integer"));
            return null;
        }
        return value.intValue();
    }

    private static Double optionalNumber(JsonNode node, String name, String path, List<Violation> violations) {
        JsonNode value = node.get(name);
        if (isMissing(value)) {
            return null;
        }
        if (!value.isNumber()) {
            violations.add(new Violation(path, shown(value), "must be a number"));
            return null;
        }
        return value.doubleValue();
    }

    private static void range(List<Violation> v, String field, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(new Violation(field, String.valueOf(value), "must be between " + min + " and " + max));
        }
    }

    private static boolean isMissing(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String shown(JsonNode node) {
        return node == null ? "null" : shorten(node.toString());
    }

    private static String quoted(String text) {
        return text == null ? null : shorten("\"" + text + "\"");
    }

    private static String shorten(String text) {
        StringBuilder visible = new StringBuilder();
        for (char c : text.toCharArray()) {
            visible.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return visible.length() <= 80 ? visible.toString() : visible.substring(0, 77) + "...";
    }
}
