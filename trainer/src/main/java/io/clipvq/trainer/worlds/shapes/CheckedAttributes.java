package io.clipvq.trainer.worlds.shapes;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link AttributeChecker} read from an image's pixels. {@code found} always holds the background; the other
 * four attributes are present only when an object was found.
 *
 * @param found        attribute values read from the pixels
 * @param objectPixels pixels of the object (0 when none was found)
 * @param shapeIou     intersection over union between the object and the best-fitting rendered shape (0 when none)
 * @param fittedSide   side s of the best-fitting rendered shape (0 when none)
 * @param fittedX      centre x of the best fit (0 when none)
 * @param fittedY      centre y of the best fit (0 when none)
 */
public record CheckedAttributes(Map<Attribute, AttributeValue> found, int objectPixels, double shapeIou,
                                int fittedSide, int fittedX, int fittedY) {

    public CheckedAttributes {
        if (!found.containsKey(Attribute.BACKGROUND)) {
            throw new IllegalArgumentException("checked attributes always hold the background");
        }
        found = Collections.unmodifiableMap(new EnumMap<>(found));
    }

    static CheckedAttributes noObject(Background background) {
        return new CheckedAttributes(Map.of(Attribute.BACKGROUND, background), 0, 0, 0, 0, 0);
    }

    public boolean objectFound() {
        return found.containsKey(Attribute.SHAPE);
    }

    public Optional<AttributeValue> value(Attribute attribute) {
        return Optional.ofNullable(found.get(attribute));
    }

    /** Whether the image shows what the prompt names for {@code attribute} (false when no object was found). */
    public boolean agreesWith(PromptAttributes prompt, Attribute attribute) {
        AttributeValue wanted = prompt.value(attribute).orElseThrow(() -> new IllegalArgumentException(
                "the prompt does not name the " + attribute.label()));
        return wanted.equals(found.get(attribute));
    }
}
