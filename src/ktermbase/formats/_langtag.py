"""Language tags as files spell them (``EN``, ``en_US``, ``zh-cn``) made into tags the model
accepts; shared by the TBX and CSV readers."""

from __future__ import annotations

import functools

from pydantic import ValidationError

from ..model import Term

__all__ = ["normalize_lang"]


@functools.lru_cache(maxsize=1024)  # files hold few distinct tags; bounded for hostile ones
def normalize_lang(raw: str) -> str | None:
    """``raw`` as the model spells a language tag, or ``None`` when it names no language.

    >>> normalize_lang("EN_us"), normalize_lang("zh-CN"), normalize_lang("subject")
    ('en-us', 'zh-CN', None)
    """
    primary, _, rest = raw.strip().replace("_", "-").partition("-")
    lang = primary.lower() + (f"-{rest}" if rest else "")
    try:
        Term(lang=lang, text="x")
    except ValidationError:
        return None
    return lang
