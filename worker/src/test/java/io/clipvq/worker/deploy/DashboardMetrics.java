package io.clipvq.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a Grafana dashboard plots, read from the PromQL of its panels' targets, and the metric names a
 * Prometheus scrape holds, so that a test can check that the first are among the second.
 *
 * <p>A name in PromQL is an identifier that is not a function (followed by an opening parenthesis), not an
 * aggregation operator or keyword ({@code sum}, {@code by}, {@code on}, {@code and}, ...), and not a label: label
 * matchers ({@code {...}}), grouping lists ({@code by (...)}, {@code on (...)}, ...), ranges and subqueries
 * ({@code [...]}), strings, numbers, durations and Grafana variables ({@code $__rate_interval}) are removed first.
 */
public final class DashboardMetrics {

    /** The worker's dashboard, relative to the repository root. */
    public static final String DASHBOARD = "deploy/grafana/clipvq-worker.json";

    private static final Set<String> KEYWORDS = Set.of(
            // aggregation operators: may stand before "by (...)" instead of "("
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            // binary operators, modifiers and literals
            "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
            "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern DURATION = Pattern.compile("\\b(\\d+(ms|s|m|h|d|w|y))+\\b");
    private static final Pattern NUMBER =
            Pattern.compile("\\b0x[0-9a-fA-F]+\\b|(?<![\\w.])\\d*\\.?\\d+(?:[eE][+-]?\\d+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private DashboardMetrics() {
    }

    /** The metric names one PromQL expression reads. */
    public static Set<String> namesIn(String promql) {
        String text = STRING.matcher(promql).replaceAll(" ");
        text = GRAFANA_VARIABLE.matcher(text).replaceAll(" ");
        text = BRACES.matcher(text).replaceAll(" ");
        text = BRACKETS.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        text = DURATION.matcher(text).replaceAll(" ");
        text = NUMBER.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(text);
        while (matcher.find()) {
            String name = matcher.group();
            boolean call = text.substring(matcher.end()).stripLeading().startsWith("(");
            if (!call && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric names that the targets of every panel (rows' panels included) of a dashboard read. */
    public static Set<String> plottedBy(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            names.addAll(plottedBy(panel));
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    names.addAll(namesIn(target.get("expr").asText()));
                }
            }
        }
        return names;
    }

    /** The metric names the worker's dashboard ({@link #DASHBOARD}) plots. */
    public static Set<String> plottedByWorkerDashboard() {
        return plottedBy(readDashboard());
    }

    public static JsonNode readDashboard() {
        try {
            return new ObjectMapper().readTree(RepoFiles.resolve(DASHBOARD).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names in a scrape in Prometheus' text format: every sample line's name. */
    public static Set<String> exportedIn(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher matcher = SAMPLE_NAME.matcher(line);
            if (!line.startsWith("#") && matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
