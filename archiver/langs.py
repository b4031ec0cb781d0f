"""Language codes as X and pages write them, each as one code. Pure.

X still serves some languages by their withdrawn ISO 639 codes (`in` for Indonesian, `iw`
for Hebrew), pages write regions (`pt-BR`, `en_US`) and macrolanguage codes (`msa`, `prs`):
every table keyed by language reads the code through `base_language`, so that a rule for
Indonesian holds for a post X marks `in`.
"""

from __future__ import annotations

#: A code as X or a page may write it -> the one the tables use.
ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "no": "nb", "nn": "nb",
           "msa": "ms", "prs": "fa", "tl": "fil"}


def base_language(lang: str | None) -> str:
    """The language of a code, without its region, as the tables key it ("" for none):
    `in` -> `id`, `pt-BR` -> `pt`, `en_US` -> `en`, `tl` -> `fil`."""
    if not lang:
        return ""
    code = lang.strip().lower().replace("_", "-")
    code = ALIASES.get(code, code)
    base = code.split("-")[0]
    return ALIASES.get(base, base)


#: The languages whose Latin alphabet has a dotless ı beside i (Turkish and its kin):
#: their I/ı and İ/i are the case pairs.
DOTLESS_I_LANGUAGES = frozenset({"tr", "az", "crh", "tt", "kk", "gag"})
