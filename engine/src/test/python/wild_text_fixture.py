#!/usr/bin/env python3
"""Writes engine/src/test/resources/io/clipvq/engine/text/wild_text.jsonl: text as people paste it (curly quotes,
ligatures, full and half width forms, mojibake, escaped HTML, byte-order marks, control characters, CJK
punctuation), each with

  fixed    what ftfy.fix_text (6.3.1, default settings) makes of it, WRITTEN BY HAND below from ftfy's
           documentation (docstrings of fix_text, TextFixerConfig and ftfy.fixes; see docs/text-cleaning.md);
  cleaned  the reference's clean-up of `fixed`: html.unescape twice, whitespace collapsed, lower case;
  ids      OpenAI CLIP's token ids of `cleaned` (simple_tokenizer.encode, no start/end tokens),

computed by the independent Python port in clip_tokenizer_fixture.py (same vocabulary file), never by the Java
code under test. ClipTokenizerWildTextTest checks TextFixer, ClipTextCleaner and ClipTokenizer against every line.

If ftfy 6.3.1 is importable, each hand-written `fixed` is also compared with ftfy.fix_text(text) and the script
stops on any difference; without ftfy it says so and writes the file from the hand-written values alone.

Run from the repository root (ftfy is optional; here it installs from the machine's local wheel store):
  python3 -m venv /tmp/ftfy-venv --system-site-packages && /tmp/ftfy-venv/bin/pip install ftfy==6.3.1
  /tmp/ftfy-venv/bin/python engine/src/test/python/wild_text_fixture.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clip_tokenizer_fixture import SimpleTokenizer  # noqa: E402

OUT = "engine/src/test/resources/io/clipvq/engine/text/wild_text.jsonl"

# (case, text as pasted, ftfy.fix_text(text) written by hand)
CASES = [
    # typographic quotes and apostrophes: uncurl_quotes, U+2018-U+201B and U+02BC -> ', U+201C-U+201F -> "
    ("quotes", "don\u2019t stop", "don't stop"),
    ("quotes", "I\u2019m sure they\u2019ll say it\u2019s John\u2019s", "I'm sure they'll say it's John's"),
    ("quotes", "\u201csmart quotes\u201d and \u2018single ones\u2019", "\"smart quotes\" and 'single ones'"),
    ("quotes", "\u201eGerman\u201c and \u201asingle\u2018", "\"German\" and 'single'"),
    ("quotes", "it\u201bs \u201fodd\u201f", "it's \"odd\""),
    ("quotes", "rock \u02bcn\u02bc roll", "rock 'n' roll"),
    ("quotes", "\u00abguillemets\u00bb and \u2039angles\u203a stay", "\u00abguillemets\u00bb and \u2039angles\u203a stay"),
    # Latin ligatures: fix_latin_ligatures (ff fi fl ffi ffl st, IJ, DZ/LJ/NJ digraphs; not ae or oe)
    ("ligatures", "\ufb01sh and \ufb02owers", "fish and flowers"),
    ("ligatures", "o\ufb00ice e\ufb03cient wa\ufb04e \ufb06op", "office efficient waffle stop"),
    ("ligatures", "\u0133sselmeer \u0132muiden", "ijsselmeer IJmuiden"),
    ("ligatures", "\u01c4 \u01c5 \u01c6 \u01c7 \u01ca \u01f2", "D\u017d D\u017e d\u017e LJ NJ Dz"),
    ("ligatures", "\u0149 Afrikaans word", "'n Afrikaans word"),
    ("ligatures", "\u00e6sthetic \u0153uvre", "\u00e6sthetic \u0153uvre"),
    # full-width and half-width forms: fix_character_width (U+FF01-U+FFEF by NFKC, U+3000 -> space)
    ("width", "\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff33", "LOUD NOISES"),
    ("width", "\uff50\uff48\uff4f\uff54\uff4f\u3000\uff4f\uff46\u3000\uff41\u3000\uff43\uff41\uff54\uff01",
     "photo of a cat!"),
    ("width", "\uff11\uff12\uff13\uff14\uff15 \uff59\uff45\uff4e \uffe5", "12345 yen \u00a5"),
    ("width", "\uff21\uff29\u753b\u50cf", "AI\u753b\u50cf"),
    ("width", "\uff35\uff80\uff70\uff9d", "U\u30bf\u30fc\u30f3"),
    ("width", "\uff76\uff9e\uff77\uff9e \uff8a\uff9f", "\u30ac\u30ae \u30d1"),
    ("width", "\uffe6" + "1000 \uffe0 \uffe1", "\u20a91000 \u00a2 \u00a3"),
    # CJK punctuation: full-width punctuation and half-width corner brackets change, normal-width CJK marks stay
    ("cjk-punctuation", "\u4f60\u597d\uff0c\u4e16\u754c\uff01\uff08\u6d4b\u8bd5\uff09\uff1a\u662f\uff1b",
     "\u4f60\u597d,\u4e16\u754c!(\u6d4b\u8bd5):\u662f;"),
    ("cjk-punctuation", "\uff62\uff8a\uff9b\uff70\uff63\uff64\uff7e\uff76\uff72\uff61",
     "\u300c\u30cf\u30ed\u30fc\u300d\u3001\u30bb\u30ab\u30a4\u3002"),
    ("cjk-punctuation", "\u300c\u3053\u3093\u306b\u3061\u306f\u300d\u3001\u4e16\u754c\u3002",
     "\u300c\u3053\u3093\u306b\u3061\u306f\u300d\u3001\u4e16\u754c\u3002"),
    ("cjk-punctuation", "\u301c\u6ce2\u30c0\u30c3\u30b7\u30e5\uff5e\u5168\u89d2\u30c1\u30eb\u30c0",
     "\u301c\u6ce2\u30c0\u30c3\u30b7\u30e5~\u5168\u89d2\u30c1\u30eb\u30c0"),
    ("cjk-punctuation", "\u6771\u4eac\u3000\u30bf\u30ef\u30fc\u3010\u5199\u771f\u3011\uff1f",
     "\u6771\u4eac \u30bf\u30ef\u30fc\u3010\u5199\u771f\u3011?"),
    # mojibake: UTF-8 read as Windows-1252 / Latin-1 (fix_encoding), repaired layer by layer
    ("mojibake", "caf\u00c3\u00a9", "caf\u00e9"),
    ("mojibake", "Caf\u00c3\u00a9 au lait, cr\u00c3\u00a8me br\u00c3\u00bbl\u00c3\u00a9e",
     "Caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e"),
    ("mojibake", "caf\u00c3\u0192\u00c2\u00a9 twice", "caf\u00e9 twice"),
    ("mojibake", "don\u00e2\u20ac\u2122t", "don't"),
    ("mojibake", "\u00e2\u20ac\u0153 like this \u00e2\u20ac\ufffd", "\" like this \ufffd"),
    ("mojibake", "\u00e2\u0153\u201d No problems", "\u2714 No problems"),
    ("mojibake", "&macr;\\_(\u00e3\u0083\u0084)_/&macr;", "\u00af\\_(\u30c4)_/\u00af"),
    ("mojibake", "voil\u00c3 le travail", "voil\u00e0 le travail"),
    ("mojibake", "\u00d0\u0178\u00d1\u20ac\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a \u00d0\u00bc\u00d0\u00b8\u00d1\u20ac",
     "\u041f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440"),
    ("mojibake", "\u00e6\u2014\u00a5\u00e6\u0153\u00ac\u00e8\u00aa\u017e", "\u65e5\u672c\u8a9e"),
    ("mojibake", "\u00f0\u0178\u02dc\u20ac smile", "\U0001F600 smile"),
    ("mojibake", "\u00c3\u00a9t\u00c3\u00a9 and \u00e9t\u00e9", "\u00e9t\u00e9 and \u00e9t\u00e9"),
    ("mojibake", "It\u0092s \u0093fine\u0094", "It's \"fine\""),
    ("mojibake", "price \u0080 5", "price \u20ac 5"),
    # HTML: ftfy decodes references that end in ';' (repeatedly, so nested ones too), not when a line holds '<';
    # CLIP's own html.unescape (twice) then decodes what is left, references without ';' included
    ("html", "fish &amp;amp; chips", "fish & chips"),
    ("html", "a &amp;amp;lt; b", "a < b"),
    ("html", "&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>"),
    ("html", "<b>caf&eacute;</b>", "<b>caf&eacute;</b>"),
    ("html", "x < y\n&amp;amp;lt;", "x < y\n&amp;amp;lt;"),
    ("html", "P&EACUTE;REZ and BUNDESSTRA&SZLIG;E", "P\u00c9REZ and BUNDESSTRASSE"),
    ("html", "this&not that", "this&not that"),
    ("html", "it&#x2019;s &#8220;fine&#8221;", "it's \"fine\""),
    ("html", "Broken text&hellip; it&#x2019;s \ufb02ubberi\ufb01c!", "Broken text\u2026 it's flubberific!"),
    # byte-order marks: remove_control_chars removes U+FEFF anywhere; a BOM that is itself mojibake too
    ("bom", "\ufeffhello world", "hello world"),
    ("bom", "zero\ufeffwidth", "zerowidth"),
    ("bom", "\u00ef\u00bb\u00bfhello", "hello"),
    # control characters: remove_control_chars, remove_terminal_escapes, fix_line_breaks, C1 controls
    ("control", "a\u0000b\u0007c\u001bd\u007fe", "abcde"),
    ("control", "\u001b[1;31mred\u001b[0m alert", "red alert"),
    ("control", "image\ufffc here\u206a", "image here"),
    ("control", "one\r\ntwo\rthree\u2028four\u2029five\u0085six", "one\ntwo\nthree\nfour\nfive\u2026six"),
    ("control", "tab\there\u000bvertical\u000cform", "tab\therevertical\u000cform"),
    ("control", "zero\u200bwidth joiner\u200d kept", "zero\u200bwidth joiner\u200d kept"),
    # Unicode forms: NFC; lone surrogates become U+FFFD
    ("unicode", "cafe\u0301 re\u0301sume\u0301", "caf\u00e9 r\u00e9sum\u00e9"),
    ("unicode", "bad \ud83d surrogate", "bad \ufffd surrogate"),
    # text that needs no fixing stays as it is
    ("clean", "a photo of a cat", "a photo of a cat"),
    ("clean", "na\u00efve caf\u00e9, Gr\u00f6\u00dfe 10\u00b0C, \u00a33 \u00bd",
     "na\u00efve caf\u00e9, Gr\u00f6\u00dfe 10\u00b0C, \u00a33 \u00bd"),
    ("clean", "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u043a\u0438\u0440\u0438\u043b\u043b\u0438\u0446\u0430",
     "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac \u043a\u0438\u0440\u0438\u043b\u043b\u0438\u0446\u0430"),
]


def ftfy_or_none():
    try:
        import ftfy
    except ImportError:
        return None
    if ftfy.__version__ != "6.3.1":
        raise SystemExit("ftfy 6.3.1 expected (the version TextFixer follows), found " + ftfy.__version__)
    return ftfy


def main():
    tok = SimpleTokenizer()
    ftfy = ftfy_or_none()
    if ftfy is None:
        print("ftfy is not installed: the hand-written fixed texts are NOT cross-checked", file=sys.stderr)
    differences = 0
    with open(OUT, "w", encoding="ascii", newline="\n") as out:
        for case, text, fixed in CASES:
            if ftfy is not None and ftfy.fix_text(text) != fixed:
                differences += 1
                print("%s: hand-written %r, ftfy.fix_text gives %r" % (case, fixed, ftfy.fix_text(text)),
                      file=sys.stderr)
            cleaned = tok.clean_fixed(fixed)
            row = {"case": case, "text": text, "fixed": fixed, "cleaned": cleaned, "ids": tok.encode_cleaned(cleaned)}
            out.write(json.dumps(row, ensure_ascii=True) + "\n")
    if differences:
        raise SystemExit("%d hand-written fixed texts differ from ftfy.fix_text" % differences)
    print("%d cases written to %s%s" % (len(CASES), OUT, "" if ftfy is None else ", all equal to ftfy.fix_text"),
          file=sys.stderr)


if __name__ == "__main__":
    main()
