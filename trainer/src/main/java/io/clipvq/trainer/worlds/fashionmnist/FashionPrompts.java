package io.clipvq.trainer.worlds.fashionmnist;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads which class a free-text prompt asks for. The vocabulary is wider than the captions' (docs/worlds.md): the
 * caption words plus everyday synonyms ("jeans", "jumper", "purse"), so prompts worded unlike any training caption
 * can be scored. The longest matching phrase wins ("t-shirt" over "shirt", "ankle boot" over "boot"); a prompt
 * naming two classes, or none, is refused with a sentence saying so.
 */
public final class FashionPrompts {
    private static final Map<FashionClass, List<String>> PHRASES = phrases();

    private FashionPrompts() {
    }

    public static FashionClass classOf(String prompt) {
        String text = " " + prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", " ").strip() + " ";
        Set<FashionClass> best = new TreeSet<>();
        List<int[]> spans = new ArrayList<>();
        List<FashionClass> owners = new ArrayList<>();
        for (Map.Entry<FashionClass, List<String>> entry : PHRASES.entrySet()) {
            for (String phrase : entry.getValue()) {
                String needle = " " + phrase + " ";
                for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
                    spans.add(new int[] {at + 1, at + 1 + phrase.length()});
                    owners.add(entry.getKey());
                }
            }
        }
        // a match inside a longer match of another phrase ("shirt" inside "t-shirt") does not count
        for (int i = 0; i < spans.size(); i++) {
            boolean inside = false;
            for (int j = 0; j < spans.size(); j++) {
                if (j != i && spans.get(j)[0] <= spans.get(i)[0] && spans.get(j)[1] >= spans.get(i)[1]
                        && spans.get(j)[1] - spans.get(j)[0] > spans.get(i)[1] - spans.get(i)[0]) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                best.add(owners.get(i));
            }
        }
        if (best.isEmpty()) {
            throw new IllegalArgumentException("the prompt \"" + prompt + "\" names no Fashion-MNIST class (known words: "
                    + String.join(", ", PHRASES.values().stream().map(l -> l.get(0)).toList()) + ")");
        }
        if (best.size() > 1) {
            throw new IllegalArgumentException("the prompt \"" + prompt + "\" names more than one class: "
                    + String.join(" and ", best.stream().map(FashionClass::label).toList()));
        }
        return best.iterator().next();
    }

    private static Map<FashionClass, List<String>> phrases() {
        Map<FashionClass, List<String>> m = new EnumMap<>(FashionClass.class);
        m.put(FashionClass.T_SHIRT, List.of("t-shirt", "t-shirts", "tshirt", "t shirt", "tee", "tees", "tee shirt", "top",
                "tops", "tank top", "crop top"));
        m.put(FashionClass.TROUSER, List.of("trousers", "trouser", "pants", "jeans", "slacks", "leggings", "chinos"));
        m.put(FashionClass.PULLOVER, List.of("pullover", "pullovers", "sweater", "sweaters", "jumper", "jumpers",
                "sweatshirt", "knit sweater"));
        m.put(FashionClass.DRESS, List.of("dress", "dresses", "gown", "frock", "sundress"));
        m.put(FashionClass.COAT, List.of("coat", "coats", "jacket", "jackets", "parka", "overcoat", "raincoat", "anorak"));
        m.put(FashionClass.SANDAL, List.of("sandal", "sandals", "flip-flop", "flip-flops", "flip flops", "slide sandal"));
        m.put(FashionClass.SHIRT, List.of("shirt", "shirts", "blouse", "blouses", "button-down", "button-up shirt"));
        m.put(FashionClass.SNEAKER, List.of("sneaker", "sneakers", "trainers", "trainer", "running shoe", "running shoes",
                "tennis shoe", "tennis shoes", "athletic shoe", "kicks"));
        m.put(FashionClass.BAG, List.of("bag", "bags", "handbag", "handbags", "purse", "tote", "satchel", "backpack", "clutch"));
        m.put(FashionClass.ANKLE_BOOT, List.of("ankle boot", "ankle boots", "boot", "boots", "bootie", "booties"));
        return m;
    }
}
