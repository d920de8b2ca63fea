package io.clipvq.trainer.worlds.fashionmnist;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes a caption for a class as the world spec says (docs/worlds.md): one of the class's words inside one of five
 * templates, both drawn at random, with "an" instead of "a" before a word that starts with a vowel.
 */
public final class FashionCaptions {
    /** The templates of the spec, "{}" standing for the class word; the article before it is fixed up. */
    public static final List<String> TEMPLATES = List.of("a {}", "a photo of a {}", "a picture of a {}",
            "an image of a {}", "a {} on a black background");

    private FashionCaptions() {
    }

    public static String caption(FashionClass fashionClass, SplittableRandom random) {
        String template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
        String word = fashionClass.words().get(random.nextInt(fashionClass.words().size()));
        return fill(template, word);
    }

    /** The template with {@code word} in place of "{}" and the article before it agreeing with the word. */
    public static String fill(String template, String word) {
        int at = template.indexOf("{}");
        String before = template.substring(0, at);
        if (before.endsWith("a ") && (before.length() == 2 || before.endsWith(" a ")) && startsWithVowel(word)) {
            before = before.substring(0, before.length() - 2) + "an ";
        }
        return before + word + template.substring(at + 2);
    }

    private static boolean startsWithVowel(String word) {
        return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0;
    }
}
