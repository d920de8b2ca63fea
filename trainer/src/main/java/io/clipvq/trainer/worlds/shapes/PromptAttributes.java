package io.clipvq.trainer.worlds.shapes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attributes a prompt names and their values, read from its words, so that the checker scores only what the
 * prompt asks for. Understands the caption vocabulary of docs/worlds.md#shapes-captions plus a few spellings
 * ("grey", "centre", "plus").
 */
public record PromptAttributes(Map<Attribute, AttributeValue> named) {

    private record Rule(Pattern pattern, AttributeValue value) {
    }

    private static final List<Rule> RULES = rules();

    public PromptAttributes {
        for (Map.Entry<Attribute, AttributeValue> entry : named.entrySet()) {
            if (entry.getValue().attribute() != entry.getKey()) {
                throw new IllegalArgumentException("value " + entry.getValue().label() + " is not a "
                        + entry.getKey().label());
            }
        }
        named = named.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(named));
    }

    /** The attributes named in {@code prompt}; refuses a prompt that names two values of one attribute. */
    public static PromptAttributes parse(String prompt) {
        String text = prompt.toLowerCase(Locale.ROOT);
        Map<Attribute, Set<AttributeValue>> found = new EnumMap<>(Attribute.class);
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(text);
            if (matcher.find()) {
                found.computeIfAbsent(rule.value().attribute(), a -> new LinkedHashSet<>()).add(rule.value());
            }
        }
        Map<Attribute, AttributeValue> named = new EnumMap<>(Attribute.class);
        for (Map.Entry<Attribute, Set<AttributeValue>> entry : found.entrySet()) {
            if (entry.getValue().size() > 1) {
                List<String> labels = new ArrayList<>();
                entry.getValue().forEach(v -> labels.add(v.label()));
                throw new IllegalArgumentException("prompt \"" + prompt + "\" names more than one " + entry.getKey().label()
                        + ": " + String.join(", ", labels));
            }
            named.put(entry.getKey(), entry.getValue().iterator().next());
        }
        return new PromptAttributes(named);
    }

    /** The full set of attributes of a scene (what a complete caption names). */
    public static PromptAttributes of(ShapeScene scene) {
        Map<Attribute, AttributeValue> named = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            named.put(attribute, scene.value(attribute));
        }
        return new PromptAttributes(named);
    }

    public Optional<AttributeValue> value(Attribute attribute) {
        return Optional.ofNullable(named.get(attribute));
    }

    public boolean names(Attribute attribute) {
        return named.containsKey(attribute);
    }

    /** The colour-shape pair when the prompt names both, else empty. */
    public Optional<Composition> composition() {
        AttributeValue colour = named.get(Attribute.COLOUR);
        AttributeValue shape = named.get(Attribute.SHAPE);
        if (colour == null || shape == null) {
            return Optional.empty();
        }
        return Optional.of(new Composition((ObjectColour) colour, (ShapeKind) shape));
    }

    private static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (ShapeKind shape : ShapeKind.values()) {
            List<String> words = new ArrayList<>(shape.words());
            if (shape == ShapeKind.CROSS) {
                words.add("plus");
            }
            rules.add(rule(words, shape));
        }
        for (ObjectColour colour : ObjectColour.values()) {
            rules.add(rule(colour.words(), colour));
        }
        for (SizeClass size : SizeClass.values()) {
            rules.add(rule(size.words(), size));
        }
        rules.add(rule(List.of("center", "centre", "middle"), Placement.CENTER));
        rules.add(rule(List.of("left"), Placement.LEFT));
        rules.add(rule(List.of("right"), Placement.RIGHT));
        rules.add(rule(List.of("top"), Placement.TOP));
        rules.add(rule(List.of("bottom"), Placement.BOTTOM));
        rules.add(rule(List.of("black background"), Background.BLACK));
        rules.add(rule(List.of("gray background", "grey background"), Background.GRAY));
        rules.add(rule(List.of("white background"), Background.WHITE));
        return List.copyOf(rules);
    }

    private static Rule rule(List<String> words, AttributeValue value) {
        List<String> alternatives = new ArrayList<>();
        for (String word : words) {
            // the background phrase "on a X background" is matched by its last two words
            String key = word.startsWith("on a ") ? word.substring(5) : word;
            alternatives.add(Pattern.quote(key).replace(" ", "\\E\\s+\\Q"));
        }
        return new Rule(Pattern.compile("\\b(?:" + String.join("|", alternatives) + ")\\b"), value);
    }
}
