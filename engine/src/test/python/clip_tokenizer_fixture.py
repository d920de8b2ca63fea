#!/usr/bin/env python3
"""Independent Python port of OpenAI CLIP's clip/simple_tokenizer.py (commit d05afc4), used only to
produce the test fixture engine/src/test/resources/io/clipvq/engine/text/clip_tokenizer_fixture.jsonl.

It follows the reference line by line (same `regex` pattern, same BPE loop, same vocabulary order, and
basic_clean = ftfy.fix_text, html.unescape twice, strip). ftfy must be the version the Java TextFixer follows:

  python3 -m venv /tmp/ftfy-venv --system-site-packages
  /tmp/ftfy-venv/bin/pip install ftfy==6.3.1     # comes from the machine's local wheel store here
  /tmp/ftfy-venv/bin/python engine/src/test/python/clip_tokenizer_fixture.py \
      > engine/src/test/resources/io/clipvq/engine/text/clip_tokenizer_fixture.jsonl

Run from the repository root. Needs the `regex` module (the reference's dependency) and ftfy 6.3.1.
SimpleTokenizer.encode_fixed skips ftfy, for text that is already ftfy's output (wild_text_fixture.py uses it
without ftfy installed).
"""
import gzip
import html
import json
import sys
from functools import lru_cache

import regex as re

BPE_PATH = "engine/src/main/resources/io/clipvq/engine/text/bpe_simple_vocab_16e6.txt.gz"


@lru_cache()
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def get_pairs(word):
    pairs = set()
    prev = word[0]
    for ch in word[1:]:
        pairs.add((prev, ch))
        prev = ch
    return pairs


def basic_clean_after_ftfy(text):
    """The reference's basic_clean from its second line on: `text` is ftfy.fix_text's output."""
    text = html.unescape(html.unescape(text))
    return text.strip()


def basic_clean(text):
    import ftfy  # imported here so that encode_fixed works without ftfy

    if ftfy.__version__ != "6.3.1":
        raise SystemExit("ftfy 6.3.1 expected (the version TextFixer follows), found " + ftfy.__version__)
    return basic_clean_after_ftfy(ftfy.fix_text(text))


def whitespace_clean(text):
    text = re.sub(r"\s+", " ", text)
    return text.strip()


class SimpleTokenizer:
    def __init__(self, bpe_path=BPE_PATH):
        self.byte_encoder = bytes_to_unicode()
        merges = gzip.open(bpe_path).read().decode("utf-8").split("\n")
        merges = merges[1:49152 - 256 - 2 + 1]
        merges = [tuple(m.split()) for m in merges]
        vocab = list(bytes_to_unicode().values())
        vocab = vocab + [v + "</w>" for v in vocab]
        for m in merges:
            vocab.append("".join(m))
        vocab.extend(["<|startoftext|>", "<|endoftext|>"])
        self.encoder = dict(zip(vocab, range(len(vocab))))
        self.bpe_ranks = dict(zip(merges, range(len(merges))))
        self.cache = {"<|startoftext|>": "<|startoftext|>", "<|endoftext|>": "<|endoftext|>"}
        self.pat = re.compile(
            r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
            re.IGNORECASE)

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        pairs = get_pairs(word)
        if not pairs:
            return token + "</w>"
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        word = " ".join(word)
        self.cache[token] = word
        return word

    def encode(self, text):
        return self.encode_cleaned(whitespace_clean(basic_clean(text)).lower())

    def clean_fixed(self, fixed_text):
        """The reference's clean-up of text that ftfy.fix_text already returned (fix_text is idempotent)."""
        return whitespace_clean(basic_clean_after_ftfy(fixed_text)).lower()

    def encode_fixed(self, fixed_text):
        return self.encode_cleaned(self.clean_fixed(fixed_text))

    def encode_cleaned(self, text):
        bpe_tokens = []
        for token in re.findall(self.pat, text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            bpe_tokens.extend(self.encoder[t] for t in self.bpe(token).split(" "))
        return bpe_tokens


def tokenize_truncated(tok, text, context_length=77):
    """clip.tokenize(text, truncate=True) without the zero padding."""
    tokens = [49406] + tok.encode(text) + [49407]
    if len(tokens) > context_length:
        tokens = tokens[:context_length]
        tokens[-1] = 49407
    return tokens


TEXTS = [
    "hello world",
    "a photo of a cat",
    "A Photo Of A CAT",
    "a red circle on a blue background",
    "  leading and trailing   spaces\tand\ttabs\nand newlines  ",
    "",
    "   ",
    "don't stop, we're here; you've seen it, i'm sure they'll say he'd go: it's john's",
    "DON'T SHOUT IT'S LOUD",
    "o'neil rock'n'roll",
    "3.14159 and 2024-05-17, 1,000,000 items at $9.99",
    "the year 1984 and 42nd street",
    "hello!!! what?! ... ok-ish (maybe) [yes] {no} <tag> #hashtag @user ~tilde~",
    "email: someone@example.com url https://example.com/a?b=c&d=e",
    "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber stra\u00dfe",
    "cafe\u0301 with a combining accent",
    "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8 \u4e2d\u6587 \ud55c\uad6d\uc5b4",
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440 \u0395\u039b\u039b\u0397\u039d\u0399\u039a\u0391 \u03bf\u03b4\u03bf\u03c3",
    "emoji \U0001F600\U0001F680 and \u2764\ufe0f and flags \U0001F1EB\U0001F1F7",
    "curly \u2018quotes\u2019 and \u201cdouble\u201d \u2014 dash \u2026",
    "full\u3000width\u00a0nbsp\u2009thin\u200bzero",
    "fish &amp; chips &lt;b&gt; &quot;q&quot; &#39;a&#39; &#x263A; &copy; &amp;amp; &notit; &notin;",
    "&#0; &#128; &#x110000; &#55296; &bogus; &amp",
    "<|startoftext|>hi<|endoftext|>",
    "superlongwordwithoutanyspacesthatneedsmanybpemerges antidisestablishmentarianism",
    "x",
    "!",
    "\u00bd \u2153 \u2460 \u0664\u0665 \u00b2 \u2167",
    "tab\u000bvertical\u000cformfeed\u0085nel\u2028ls",
    "an astronaut riding a horse in photorealistic style, trending on artstation, 4k, highly detailed",
    "word " * 100,
    "a " + "very " * 80 + "long prompt",
    "".join(chr(c) for c in range(0x21, 0x7f)),
    "\u0130stanbul \u0130I \u1e9e SS \u01c5",
    "\x1c\x1fseparators\x1e inside\x1d",
    "non&nbsp;breaking&nbsp; &NotNestedGreaterGreater; &amp;lt;twice&amp;gt;",
    "it'\u017f the \u212aelvin sign, \u1e9e and \u00df, \ufb01ne ligature, \uff21\uff22 full width",
    "\u0391\u0398\u0397\u039d\u0391 \u039f\u0394\u039f\u03a3. \u03a3\u039f\u03a6\u039f\u03a3'",
]


# Pieces for seeded random strings: words, contractions, digits, punctuation, Unicode whitespace, accented and
# combining letters, other scripts, symbols, emoji, HTML references (complete, partial, nested).
PIECES = ["a", "the", "Photo", "CAT", "dog's", "we'RE", "i'd", "'ll", "'", "''", "s", "T", "0", "7", "42", "3.5",
          "-", "_", ",", ".", "!", "?", "...", "(", ")", "[", "]", "<", ">", "|", "/", "\\", "#", "$", "%", "^", "*",
          "+", "=", "~", "`", '"', " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\u200b", "\x1c", "\x85",
          "\u00e9", "e\u0301", "\u00df", "\u0130", "\u03a3", "\u03c2", "\u0416", "\u05d0", "\u0627", "\u0e01",
          "\u4e2d", "\u3042", "\uac00", "\u2167", "\u00bd", "\u0664", "\u2122", "\u00a9", "\u20ac", "\u2014",
          "\u2019", "\u201c", "\U0001F600", "\U0001F468\u200d\U0001F469", "\u2764\ufe0f", "\U0001D400",
          "&amp;", "&lt;", "&#39;", "&#x41;", "&amp;amp;", "&nbsp;", "&copy", "&notin", "&#128;", "&",
          "<|endoftext|>", "antidisestablishment", "xylophone", "qwertyuiop", "zzz"]


def random_texts(count, seed=1234):
    import random
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(count)]


def main():
    tok = SimpleTokenizer()
    out = sys.stdout
    for text in TEXTS + random_texts(300):
        row = {"text": text, "encode": tok.encode(text), "tokenize": tokenize_truncated(tok, text)}
        out.write(json.dumps(row, ensure_ascii=True) + "\n")


if __name__ == "__main__":
    main()
