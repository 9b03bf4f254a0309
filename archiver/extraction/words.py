"""Text measures that hold across writing systems: words and lengths for Chinese and Japanese too.

Pure logic, no Scrapy. Chinese and Japanese are written without spaces between words, so a
count of space-separated (or ``\\w+``) words gives a whole paragraph one word, and an article a
few dozen. Here each Han character and each kana counts as one word, as word processors count
them; Korean puts spaces between its words and is counted like a European language. A length
in characters undercounts the other way: one Han character or kana carries about what three
Latin letters do (an English word and its space are six letters, a Chinese one about two
characters), so :func:`text_length` weighs each three.
"""

from __future__ import annotations

import re

# Han (CJK unified ideographs, extension A, compatibility ideographs), hiragana and katakana
_IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IDEOGRAPH = re.compile(f"[{_IDEOGRAPHIC}]")
# a run of word characters that holds no ideograph, or one ideograph
# words: runs of word characters, each Han character or kana one word
_WORD = re.compile(f"[{_IDEOGRAPHIC}]|(?:(?![{_IDEOGRAPHIC}])\\w)+")
_ASCII_WORD = re.compile(r"\w+")
IDEOGRAPH_WEIGHT = 3
# What ends a sentence, in Latin, CJK and other scripts: a block ending so is prose, not a
# heading or a button.
SENTENCE_ENDS = (".", "!", "?", '"', "”", "。", "！", "？", "」", "』", "．", "…", "؟", "।")


def word_count(text: str) -> int:
    """How many words ``text`` has (runs of word characters, each Han character or kana one)."""
    if text.isascii():
        return len(_ASCII_WORD.findall(text))
    return len(_WORD.findall(text))


def ideographs(text: str) -> int:
    """How many Han characters and kana ``text`` has."""
    return 0 if text.isascii() else len(_IDEOGRAPH.findall(text))


def text_length(text: str) -> int:
    """``len(text)``, each Han character and kana weighing ``IDEOGRAPH_WEIGHT`` letters."""
    return len(text) + (IDEOGRAPH_WEIGHT - 1) * ideographs(text)


def collapsed_length(text: str) -> int:
    """``len(re.sub(r"\\s+", " ", text))``, without building the string."""
    words = text.split()
    if not words:
        return 1 if text else 0
    return sum(map(len, words)) + len(words) - 1 + text[0].isspace() + text[-1].isspace()
