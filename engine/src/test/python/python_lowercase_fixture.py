#!/usr/bin/env python3
"""Writes engine/src/test/resources/io/clipvq/engine/text/python_lowercase_fixture.txt: how Python's str.lower()
(which CLIP's tokenizer applies) treats each code point, probed through str.lower() itself:
  ignorable <ranges>   code points the Final_Sigma rule skips (Case_Ignorable): "A" + c + "Σ" ends in final ς but
                       c + "Σ" does not
  cased <ranges>       cased code points that are not case-ignorable: c + "Σ" ends in final ς
  lower <cp> <cps>     every code point other than Σ whose lower case differs from itself (hex)
Python's Unicode version is on the first line. Run from the repository root:
  python3 engine/src/test/python/python_lowercase_fixture.py
"""
import unicodedata

OUT = "engine/src/test/resources/io/clipvq/engine/text/python_lowercase_fixture.txt"


def final_sigma(s):
    return s.lower().endswith("\u03c2")


def ranges(points):
    out = []
    for c in points:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return " ".join("%x-%x" % (a, b) for a, b in out)


def main():
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    ignorable = [c for c in points if final_sigma("A" + chr(c) + "\u03a3") and not final_sigma(chr(c) + "\u03a3")]
    cased = [c for c in points if final_sigma(chr(c) + "\u03a3")]
    with open(OUT, "w", encoding="ascii", newline="\n") as f:
        f.write("unicode %s\n" % unicodedata.unidata_version)
        f.write("ignorable %s\n" % ranges(ignorable))
        f.write("cased %s\n" % ranges(cased))
        for c in points:
            lowered = chr(c).lower()
            if c != 0x3A3 and lowered != chr(c):
                f.write("lower %x %s\n" % (c, " ".join("%x" % ord(x) for x in lowered)))


if __name__ == "__main__":
    main()
