package io.clipvq.contracts.job;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks that job requests and bulk requests share, so that both name the same problems with the same words:
 * JSON field types, the sampling settings, the model reference, prompts and the output prefix. Each check adds
 * {@link Violation}s to a list rather than throwing, because the validators report every problem at once.
 */
public final class RequestChecks {
    private RequestChecks() {
    }

    private static final Set<String> SAMPLING_FIELDS = Set.of("steps", "guidanceScale", "truncation",
            "conditionNoise", "rerank", "nearDuplicateCosine", "scoreMargin");
    private static final Set<String> MODEL_FIELDS = Set.of("name", "version");

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

    /** The "sampling" object, or the bundle's defaults when it is absent (or malformed, with a violation). */
    public static SamplingSettings samplingOf(JsonNode node, List<Violation> violations) {
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
        Double conditionNoise = optionalNumber(node, "conditionNoise", "sampling.conditionNoise", violations);
        String rerank = optionalText(node, "rerank", "sampling.rerank", violations);
        Double nearDuplicate = optionalNumber(node, "nearDuplicateCosine", "sampling.nearDuplicateCosine", violations);
        Double scoreMargin = optionalNumber(node, "scoreMargin", "sampling.scoreMargin", violations);
        return new SamplingSettings(steps, guidance, truncation, conditionNoise, rerank, nearDuplicate, scoreMargin);
    }

    /** The "model" object, or null (with a violation) when it is absent or has no textual name. */
    public static ModelRef modelOf(JsonNode node, List<Violation> violations) {
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
        String version = optionalText(node, "version", "model.version", violations);
        JsonNode name = node.get("name");
        return name != null && name.isTextual() ? new ModelRef(name.textValue(), version) : null;
    }

    /** The value rules on sampling settings, model reference and output prefix, in that order. */
    public static void checkSamplingModelAndPrefix(SamplingSettings s, ModelRef model, String outputPrefix,
                                                   List<Violation> v) {
        if (s.steps() != null) {
            range(v, "sampling.steps", s.steps(), JobDefaults.MIN_STEPS, JobDefaults.MAX_STEPS);
        }
        if (s.guidanceScale() != null
                && !(s.guidanceScale() >= 0 && s.guidanceScale() <= JobDefaults.MAX_GUIDANCE_SCALE)) {
            v.add(new Violation("sampling.guidanceScale", String.valueOf(s.guidanceScale()),
                    "must be between 0 and " + JobDefaults.MAX_GUIDANCE_SCALE));
        }
        if (s.truncation() != null && !(s.truncation() > 0 && s.truncation() <= 1)) {
            v.add(new Violation("sampling.truncation", String.valueOf(s.truncation()), "must be in (0, 1]"));
        }
        if (s.conditionNoise() != null
                && !(s.conditionNoise() >= 0 && s.conditionNoise() <= JobDefaults.MAX_CONDITION_NOISE)) {
            v.add(new Violation("sampling.conditionNoise", String.valueOf(s.conditionNoise()),
                    "must be between 0 and " + JobDefaults.MAX_CONDITION_NOISE));
        }
        if (s.rerank() != null && !SamplingSettings.RERANK_POLICIES.contains(s.rerank())) {
            v.add(new Violation("sampling.rerank", quoted(s.rerank()),
                    "must be one of " + String.join(", ", SamplingSettings.RERANK_POLICIES)));
        }
        if (s.nearDuplicateCosine() != null && !(s.nearDuplicateCosine() > 0 && s.nearDuplicateCosine() <= 1)) {
            v.add(new Violation("sampling.nearDuplicateCosine", String.valueOf(s.nearDuplicateCosine()),
                    "must be in (0, 1]"));
        }
        if (s.scoreMargin() != null && !(s.scoreMargin() >= 0 && s.scoreMargin() <= JobDefaults.MAX_SCORE_MARGIN)) {
            v.add(new Violation("sampling.scoreMargin", String.valueOf(s.scoreMargin()),
                    "must be between 0 and " + JobDefaults.MAX_SCORE_MARGIN));
        }
        if (model == null) {
            v.add(new Violation("model", null, "is required"));
        } else {
            modelFieldProblem(model.name(), true).ifPresent(p ->
                    v.add(new Violation("model.name", quoted(model.name()), p)));
            modelFieldProblem(model.version(), false).ifPresent(p ->
                    v.add(new Violation("model.version", quoted(model.version()), p)));
        }
        SafeNames.outputPrefixProblem(outputPrefix).ifPresent(p ->
                v.add(new Violation("outputPrefix", quoted(outputPrefix), p)));
    }

    /** The problem with one prompt, or empty. */
    public static Optional<String> promptProblem(String prompt) {
        if (prompt == null || prompt.isBlank()) {
            return Optional.of("must not be empty or blank");
        }
        if (prompt.length() > JobDefaults.MAX_PROMPT_LENGTH) {
            return Optional.of("must be at most " + JobDefaults.MAX_PROMPT_LENGTH + " characters (has "
                    + prompt.length() + ")");
        }
        int nul = prompt.indexOf('\u0000');
        if (nul >= 0) {
            // PostgreSQL text cannot hold U+0000; other control characters are cleaned by the tokenizer
            return Optional.of("holds a NUL character (U+0000) at position " + (nul + 1) + ", which a prompt cannot "
                    + "contain");
        }
        return Optional.empty();
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

    public static void unknownFields(JsonNode node, Set<String> known, String path, List<Violation> violations) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(path + name, shown(node.get(name)),
                        "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")"));
            }
        }
    }

    public static void requireText(JsonNode node, String name, String path, List<Violation> violations) {
        JsonNode value = node.get(name);
        if (isMissing(value)) {
            violations.add(new Violation(path, null, "is required"));
        } else if (!value.isTextual()) {
            violations.add(new Violation(path, shown(value), "must be a string"));
        }
    }

    public static String optionalText(JsonNode node, String name, String path, List<Violation> violations) {
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

    public static Integer optionalInt(JsonNode node, String name, String path, List<Violation> violations) {
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

    public static Double optionalNumber(JsonNode node, String name, String path, List<Violation> violations) {
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

    public static void range(List<Violation> v, String field, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(new Violation(field, String.valueOf(value), "must be between " + min + " and " + max));
        }
    }

    /** Absent, JSON null and missing are the same to every request field. */
    public static boolean isMissing(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** A JSON value as a violation shows it: control characters escaped, at most 80 characters. */
    public static String shown(JsonNode node) {
        return node == null ? "null" : shorten(node.toString());
    }

    /** A text value as a violation shows it, in quotes; null stays null (a missing value). */
    public static String quoted(String text) {
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
