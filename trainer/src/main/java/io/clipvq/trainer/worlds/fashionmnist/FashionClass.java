package io.clipvq.trainer.worlds.fashionmnist;

import java.util.List;

/**
 * The ten Fashion-MNIST classes in label order, each with the caption words of the world spec
 * (docs/worlds.md): the public vocabulary the CLIP is trained on.
 */
public enum FashionClass {
    T_SHIRT("t-shirt/top", "t-shirt", "tee", "top"),
    TROUSER("trouser", "trousers", "pants"),
    PULLOVER("pullover", "pullover", "sweater"),
    DRESS("dress", "dress"),
    COAT("coat", "coat", "jacket"),
    SANDAL("sandal", "sandal", "sandals"),
    SHIRT("shirt", "shirt", "blouse"),
    SNEAKER("sneaker", "sneaker", "trainers"),
    BAG("bag", "bag", "handbag"),
    ANKLE_BOOT("ankle boot", "ankle boot", "boot");

    private final String label;
    private final List<String> words;

    FashionClass(String label, String... words) {
        this.label = label;
        this.words = List.of(words);
    }

    /** The dataset's name of the class ("t-shirt/top"). */
    public String label() {
        return label;
    }

    /** The words a caption may use for the class. */
    public List<String> words() {
        return words;
    }

    public static FashionClass ofLabel(int label) {
        if (label < 0 || label >= values().length) {
            throw new IllegalArgumentException("Fashion-MNIST label must be 0-9, got " + label);
        }
        return values()[label];
    }
}
