"""What the header cells of a glossary mean: the column names CAT tools, spreadsheets and people
give a term base's columns, read as ktermbase's columns.

A language column is named by a language tag (``zh``, ``en-GB``, ``zh_CN``) or by a language's
name in English or Chinese, optionally qualified by a script or region in parentheses, after an
underscore or a space (``English``, ``Chinese (Simplified)``, ``English_United_States``,
``中文（繁体）``, ``英文``). A definition column is ``definition_<language>``, or a language and
the word definition in either order; a pinyin column is ``pinyin_<language>`` (or ``pinyin``,
``拼音``: the first Chinese column's). The entry columns have a few usual synonyms (``comment``
for ``note``, ``domain`` for ``subject``). Anything else is an unknown column: the reader says
it did not import it.

>>> [column_of(c) for c in ["zh", "Chinese (Simplified)", "English_United_States", "中文"]]
[('term', 'zh'), ('term', 'zh-Hans'), ('term', 'en-US'), ('term', 'zh')]
>>> [column_of(c) for c in ["definition_zh-Hant", "English definition", "Comments", "Created by"]]
[('definition', 'zh-Hant'), ('definition', 'en'), ('note', None), None]
"""

from __future__ import annotations

import functools
import re

from ._langtag import normalize_lang

__all__ = ["HEADER_WORDS", "column_of", "language_of"]

# ktermbase's entry-level columns (as its writer names them) and their usual synonyms.
_SYNONYMS = {
    "id": "id",
    "entry id": "id",
    "subject": "subject",
    "subjects": "subject",
    "subject field": "subject",
    "domain": "subject",
    "领域": "subject",
    "status": "status",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "remark": "note",
    "remarks": "note",
    "备注": "note",
    "source": "source",
    "sources": "source",
    "来源": "source",
}
_DEFINITION_WORDS = frozenset({"definition", "def", "定义", "释义"})
_PINYIN_WORDS = frozenset({"pinyin", "拼音"})

# Language names as glossary headers spell them (compared case-insensitively).
_LANGUAGES = {
    "arabic": "ar",
    "chinese": "zh",
    "mandarin": "zh",
    "simplified chinese": "zh-Hans",
    "traditional chinese": "zh-Hant",
    "cantonese": "yue",
    "dutch": "nl",
    "english": "en",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "indonesian": "id",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "malay": "ms",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "thai": "th",
    "turkish": "tr",
    "ukrainian": "uk",
    "vietnamese": "vi",
    "中文": "zh",
    "汉语": "zh",
    "漢語": "zh",
    "简体中文": "zh-Hans",
    "繁体中文": "zh-Hant",
    "繁體中文": "zh-Hant",
    "英文": "en",
    "英语": "en",
    "英語": "en",
    "日文": "ja",
    "日语": "ja",
    "日語": "ja",
    "韩文": "ko",
    "韩语": "ko",
    "法文": "fr",
    "法语": "fr",
    "德文": "de",
    "德语": "de",
    "俄文": "ru",
    "俄语": "ru",
    "西班牙文": "es",
    "西班牙语": "es",
}
# Qualifiers after a language name: a script or a region subtag.
_QUALIFIERS = {
    "simplified": "Hans",
    "简体": "Hans",
    "traditional": "Hant",
    "繁体": "Hant",
    "繁體": "Hant",
    "prc": "CN",
    "china": "CN",
    "mainland": "CN",
    "中国": "CN",
    "中国大陆": "CN",
    "大陆": "CN",
    "taiwan": "TW",
    "台湾": "TW",
    "台灣": "TW",
    "hong kong": "HK",
    "香港": "HK",
    "macau": "MO",
    "macao": "MO",
    "singapore": "SG",
    "united states": "US",
    "us": "US",
    "usa": "US",
    "america": "US",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "australia": "AU",
    "canada": "CA",
    "india": "IN",
    "ireland": "IE",
    "new zealand": "NZ",
    "japan": "JP",
    "korea": "KR",
    "france": "FR",
    "germany": "DE",
    "spain": "ES",
    "mexico": "MX",
    "brazil": "BR",
    "portugal": "PT",
}
# The first row of a headerless two-column glossary when it names its columns instead of
# holding terms: skipped, with a warning.
HEADER_WORDS = frozenset(
    {
        "source",
        "target",
        "source term",
        "target term",
        "term",
        "terms",
        "translation",
        "原文",
        "译文",
        "源语",
        "目标语",
        "术语",
        "译名",
    }
    | set(_LANGUAGES)
)
_SEPARATORS = re.compile(r"[\s_()（）,，、/:-]+")


@functools.lru_cache(maxsize=1024)  # a file repeats no header; bounded for hostile ones
def column_of(cell: str) -> tuple[str, str | None] | None:
    """What a header cell names: ``("term", tag)`` for a language column,
    ``("definition", tag)``, ``("pinyin", tag)`` (the pinyin of that column's term; tag
    ``None``: of the first Chinese column's), an entry column ``(name, None)``, or ``None``
    when it is none of these."""
    name = " ".join(_SEPARATORS.split(cell.strip().casefold())).strip()
    if name in _SYNONYMS:
        return _SYNONYMS[name], None
    if name in _PINYIN_WORDS:
        return "pinyin", None  # of the row's Chinese term
    lang = language_of(cell)
    if lang is not None:
        return "term", lang
    words = [w for w in _SEPARATORS.split(cell.strip()) if w]  # as written: zh-Hant, not zh hant
    for cut in (1, len(words) - 1):  # "definition_en", "definition English", "English def"
        for label, rest in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
            if not rest or len(label) != 1:
                continue
            lang = language_of("-".join(rest)) or language_of(" ".join(rest))
            if lang is None:
                continue
            if label[0].casefold() in _DEFINITION_WORDS:
                return "definition", lang
            if label[0].casefold() in _PINYIN_WORDS:
                return "pinyin", lang
    return None


def language_of(cell: str) -> str | None:
    """The language tag a column name stands for: a tag (``zh_CN`` → ``zh-CN``) or a language
    name with optional qualifiers (``Chinese (Taiwan)`` → ``zh-TW``), else ``None``.

    >>> language_of("EN"), language_of("Chinese (Traditional, Taiwan)"), language_of("Subject")
    ('en', 'zh-Hant-TW', None)
    """
    text = cell.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{1,8})*", text):
        tag = normalize_lang(text)
        if tag is not None:
            return tag
    words = [w for w in _SEPARATORS.split(text.casefold()) if w]
    for size in (2, 1):  # "simplified chinese" before "chinese"
        base = _LANGUAGES.get(" ".join(words[:size])) if len(words) >= size else None
        if base is None:
            continue
        subtags = _qualifiers(words[size:])
        if subtags is None:
            return None
        return normalize_lang("-".join([base, *subtags]))
    return None


def _qualifiers(words: list[str]) -> list[str] | None:
    """The script and region subtags ``words`` name, in BCP 47 order; ``None`` when one of them
    is unknown."""
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in (2, 1):
            subtag = _QUALIFIERS.get(" ".join(words[i : i + size]))
            if subtag is not None:
                found.append(subtag)
                i += size
                break
        else:
            return None
    found.sort(key=lambda s: len(s) != 4)  # the script (four letters) before the region
    return found
