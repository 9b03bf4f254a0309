"""Text measures that hold across writing systems: words and lengths for Chinese, Japanese,
Hindi or Thai too.

Pure logic, no Scrapy. Chinese and Japanese are written without spaces between words, so a
count of space-separated (or ``\\w+``) words gives a whole paragraph one word, and an article a
few dozen. Here each Han character and each kana counts as one word, as word processors count
them; Korean puts spaces between its words and is counted like a European language. A length
in characters undercounts the other way: one Han character or kana carries about what three
Latin letters do (an English word and its space are six letters, a Chinese one about two
characters), so :func:`text_length` weighs each three. A Hangul syllable is a whole syllable
of letters, and Korean text runs about half to a third as long as the same text in English
("정부가 3일 물가 안정을 위한 종합 대책을 발표했다.", 29 characters, says what "The government
announced a comprehensive plan for price stability on the 3rd." does in 77):
:func:`text_length` weighs each syllable two, to stay on the safe side.

Python's ``\\w`` stops at a combining mark, and the vowel signs and viramas of the Indic
scripts, the vowels and tones of Thai and the points of Arabic and Hebrew are such marks: ``\\w+``
reads "हिन्दी" as three words. A word here runs on through its marks, and through a zero-width
non-joiner or joiner between letters (Persian writes "کتاب‌ها", one word, with one). Thai, Lao,
Khmer and Burmese also write no spaces between words (only between phrases); a run of their
letters counts as one word for every ``UNSPACED_WORD_CHARS`` characters, the mean length of a word
in running Thai text (4.1 characters in the Thai National Corpus's word frequencies).
"""

from __future__ import annotations

import re
import unicodedata

# Han (CJK unified ideographs, extension A, compatibility ideographs), hiragana and katakana;
# and Hangul syllables (a regex character class's ranges)
IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HANGUL = "\uac00-\ud7a3"
_IDEOGRAPH = re.compile(f"[{IDEOGRAPHIC}]")
_HANGUL_SYLLABLE = re.compile(f"[{HANGUL}]")
# the combining marks of the scripts from Latin's diacritics to Khmer and Mongolian, and
# Latin's later ones: the only ones outside these blocks are in historic scripts
MARKS = "".join(
    re.escape(character)
    for code in (*range(0x0300, 0x1DFF + 1), *range(0xFE20, 0xFE2F + 1))
    if unicodedata.category(character := chr(code)) in ("Mn", "Mc")
)
# words: runs of word characters and their marks, each Han character or kana one word; a
# zero-width non-joiner or joiner between two letters is inside a word (Persian "کتاب‌ها")
_LETTERS = f"(?:(?![{IDEOGRAPHIC}])[\\w{MARKS}])+"
_WORD = re.compile(f"[{IDEOGRAPHIC}]|{_LETTERS}(?:[\u200c\u200d]{_LETTERS})*")
_ASCII_WORD = re.compile(r"\w+")
IDEOGRAPH_WEIGHT = 3
HANGUL_WEIGHT = 2
# Thai, Lao, Burmese and Khmer letters: scripts written without spaces between words
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_UNSPACED_LETTER = re.compile(f"[{_UNSPACED}]")
_UNSPACED_RUN = re.compile(f"[{_UNSPACED}]+")
UNSPACED_WORD_CHARS = 4
# What ends a sentence, in Latin, CJK and other scripts (the danda of the Indic scripts, the
# full stops of Arabic, Urdu, Armenian, Ethiopic, Burmese and Khmer): a block ending so is
# prose, not a heading or a button.
SENTENCE_ENDS = (
    *(".", "!", "?", '"', "”", "。", "！", "？", "」", "』", "．", "…"),
    *("؟", "۔", "।", "॥", "։", "።", "။", "។"),
)
# Thai and Lao mark no sentence's end: a block that ends on a letter of theirs is a sentence
# when it is as long as one, at least this many words
_UNPUNCTUATED_SENTENCE_WORDS = 20


def word_count(text: str) -> int:
    """How many words ``text`` has: runs of word characters and their combining marks; each Han
    character or kana one word, each ``UNSPACED_WORD_CHARS`` letters of Thai, Lao, Burmese or
    Khmer one."""
    if text.isascii():
        return len(_ASCII_WORD.findall(text))
    words = _WORD.findall(text)
    if not _UNSPACED_LETTER.search(text):
        return len(words)
    count = 0
    for word in words:
        runs = _UNSPACED_RUN.findall(word)
        if not runs:
            count += 1
            continue
        # a word may mix scripts ("COVID-19" is no run; "ไทย2025" is one run and a number)
        unspaced = sum(map(len, runs))
        count += -(-unspaced // UNSPACED_WORD_CHARS) + (len(word) > unspaced)
    return count


def ends_like_sentence(paragraph: str) -> bool:
    """Whether ``paragraph`` ends as a sentence does: with a full stop, a question or an
    exclamation mark, a closing quote, an ellipsis (in Latin, CJK and other scripts), or, in
    Thai and Lao, which mark no sentence's end, on a letter after at least
    ``_UNPUNCTUATED_SENTENCE_WORDS`` words."""
    paragraph = paragraph.rstrip()
    if paragraph.endswith(SENTENCE_ENDS):
        return True
    return (
        bool(paragraph)
        and "\u0e00" <= paragraph[-1] <= "\u0eff"
        and word_count(paragraph) >= _UNPUNCTUATED_SENTENCE_WORDS
    )


def ideographs(text: str) -> int:
    """How many Han characters and kana ``text`` has."""
    return 0 if text.isascii() else len(_IDEOGRAPH.findall(text))


def text_length(text: str) -> int:
    """``len(text)``, each Han character and kana weighing ``IDEOGRAPH_WEIGHT`` letters and each
    Hangul syllable ``HANGUL_WEIGHT``."""
    if text.isascii():
        return len(text)
    return (
        len(text)
        + (IDEOGRAPH_WEIGHT - 1) * len(_IDEOGRAPH.findall(text))
        + (HANGUL_WEIGHT - 1) * len(_HANGUL_SYLLABLE.findall(text))
    )


def collapsed_length(text: str) -> int:
    """``len(re.sub(r"\\s+", " ", text))``, without building the string."""
    words = text.split()
    if not words:
        return 1 if text else 0
    return sum(map(len, words)) + len(words) - 1 + text[0].isspace() + text[-1].isspace()
