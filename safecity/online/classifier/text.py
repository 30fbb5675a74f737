"""Text normalisation and tokenisation shared by training, prediction, the lexicon and the baseline.

Everything here is deterministic and needs no data: lowercase, HTML entities decoded, addresses
replaced by `urltoken`, @mentions by `@user`, hashtags split on capitals, letters repeated three or
more times cut to two, common character swaps (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s) undone
inside words, letters spaced out ("m u s l i m") joined. å, ä, ö, æ, ø are kept.
"""

from __future__ import annotations

import html
import re
import unicodedata

URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|se|nu|org|net|no|dk|fi|de|ly|io)/\S*", re.I)
MENTION_RE = re.compile(r"(?<![\w@])@\w+")
RETWEET_RE = re.compile(r"(?:^|\s)rt\s+(?=@user)", re.I)
HASHTAG_RE = re.compile(r"#(\w+)")
CAMEL_RE = re.compile(r"(?<=[a-zåäöæø])(?=[A-ZÅÄÖÆØ])")
REPEAT_RE = re.compile(r"(\w)\1{2,}")
PUNCT_REPEAT_RE = re.compile(r"([!?.])\1+")
# a run of three or more single letters separated by spaces or dots: "m u s l i m", "j.e.w"
SPACED_RE = re.compile(r"(?<![\w.])(?:(?:[^\W\d_] ){2,}|(?:[^\W\d_]\.){2,})[^\W\d_](?![\w])")
# a word that mixes letters with digits or symbols used as letters
LEET_WORD_RE = re.compile(r"(?<![\w@$€!|*])(?=[\w@$€!|*]*[013457@$€|!])(?=[\w@$€!|*]*[^\W\d_])[\w@$€!|*]+")
LEET_CHARS_RE = re.compile(r"[013457@$€|!]")
LEET_MAP = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "€": "e",
        "|": "i",
        "!": "i",
    }
)
TOKEN_RE = re.compile(r"@user|urltoken|[^\W_](?:[\w*]|['’](?=\w))*", re.U)
SPACE_RE = re.compile(r"\s+")


def _unleet(match: re.Match) -> str:
    word = match.group(0)
    if word == "@user":
        return word
    core = word.rstrip("!")  # a word ending in "!" is an exclamation, not an "i"
    tail = word[len(core) :]
    if not any(c.isalpha() for c in core) or not any(c in "013457@$€|!" for c in core):
        return word
    if core.isdigit():
        return word
    # "2019", "10-talet", "3an": digits only before letters that form a Swedish ordinal are kept
    letters = sum(c.isalpha() for c in core)
    digits = sum(c.isdigit() for c in core)
    if digits and letters <= 2 and core[0].isdigit():
        return word
    return core.translate(LEET_MAP) + tail


def _join_spaced(match: re.Match) -> str:
    return match.group(0).replace(" ", "").replace(".", "")


def normalise(text: str) -> str:
    """The text the classifier sees (see the module docstring)."""
    if not text:
        return ""
    text = html.unescape(html.unescape(str(text)))
    text = unicodedata.normalize("NFC", text)
    text = URL_RE.sub(" urltoken ", text)
    text = MENTION_RE.sub(" @user ", text)
    text = HASHTAG_RE.sub(lambda m: " " + CAMEL_RE.sub(" ", m.group(1)) + " ", text)
    text = text.lower()
    text = RETWEET_RE.sub(" ", text)
    text = SPACED_RE.sub(_join_spaced, text)
    if LEET_CHARS_RE.search(text):
        text = LEET_WORD_RE.sub(_unleet, text)
    text = REPEAT_RE.sub(r"\1\1", text)
    text = PUNCT_REPEAT_RE.sub(r"\1", text)
    return SPACE_RE.sub(" ", text).strip()


def tokens(normalised: str) -> list[str]:
    """Word tokens of a normalised text (`@user` and `urltoken` are tokens)."""
    return TOKEN_RE.findall(normalised)


_GRAM_CACHE: dict[tuple[str, int, int], list[str]] = {}


def char_grams(token: str, low: int = 2, high: int = 5) -> list[str]:
    """Character n-grams of one word padded with spaces, as scikit-learn's char_wb analyser makes them."""
    key = (token, low, high)
    grams = _GRAM_CACHE.get(key)
    if grams is None:
        grams = _char_grams(token, low, high)
        if len(_GRAM_CACHE) > 300_000:
            _GRAM_CACHE.clear()
        _GRAM_CACHE[key] = grams
    return grams


def _char_grams(token: str, low: int, high: int) -> list[str]:
    padded = f" {token} "
    size = len(padded)
    grams = []
    for n in range(low, high + 1):
        if n > size:
            break
        grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams
