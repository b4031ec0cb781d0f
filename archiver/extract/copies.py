"""A post copied from X's web app: what a reader gets by selecting a post on x.com and
pasting it into an article or a text file. No id is shown; the lines are X's layout:

    Hakan Fidan                      the author's display name (a badge's label beside it)
    @HakanFidan                      the handle, on a line of its own
    Replying to @someone             (a reply: X's label for its hidden mentions)
    Suriye halkının ...              the post's text, one or more lines
    Translate post                   (X's labels below the words)
    2:30 PM · Oct 12, 2025           the time line: a time, "·", the date (the reader's
    ·                                 local day, in the UI's language)
    1.2M Views                       (counters)

or as a timeline shows a post: "@HakanFidan · Oct 12" (or "· 2h") on the handle's line, the
text below it, the counters as bare numbers. A copy is known by that structure alone,
wherever it stands; prose with a byline, a list of handles or a live blog's timestamps is
not one: the text must stand between a handle line and a time line that ends the copy.
"""

from __future__ import annotations

import re

from ..dates import parse_shown_date, parse_yearless
from .occurrence import Occurrence, split_media

#: A handle on a line of its own, with the timeline's "· when" after it or not.
_HANDLE_LINE_RE = re.compile(
    r"^[ \t\u00a0]*@(?P<handle>[A-Za-z0-9_]{1,20})"
    r"(?:[ \t\u00a0]*·[ \t\u00a0]*(?P<when>[^\n·]{1,30}?))?[ \t\u00a0]*$",
    re.MULTILINE)
#: A time line: a time of day (with its AM/PM word before or after it, in any script),
#: "·", the date; the counters may follow on the same line after another "·".
_TIME_LINE_RE = re.compile(
    r"[ \t\u00a0]*(?P<time>[^\W\d_]{0,4}[ \t\u00a0\u202f]?\d{1,2}[:.]\d{2}"
    r"(?:[ \t\u00a0\u202f]*[^\s\d·]{1,4}(?:[ \t\u00a0\u202f]?[^\s\d·]{1,3}){0,2})?)"
    r"[ \t\u00a0\u202f]*·[ \t\u00a0]*(?P<date>[^\n·]{4,40}?)[ \t\u00a0]*(?:·[^\n]*)?")
#: The date of a time line: a day among at most six words, and a year.
_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DAY_RE = re.compile(r"(?<!\d)\d{1,2}(?!\d)|[日일]")
#: What may stand below a copy's time line: "·", counters ("1.2M Views", "120 Reposts",
#: "1,2 Mn Görüntülenme", "1.2万 次查看"), or a counter's word alone on its line.
_COUNTER_LINE_RE = re.compile(
    r"·|\d[\d.,\u00a0\u202f]*[^\W\d_]{0,3}\.?(?:[ \t\u00a0][^\W\d_][^\s\d]*){0,3}"
    r"|[^\W\d_][^\s\d]{0,20}(?:[ \t\u00a0][^\W\d_][^\s\d]{0,20})?")
#: A timeline's counters: bare numbers ("12", "1.2K", "3,4 B").
_NUMBER_LINE_RE = re.compile(r"\d[\d.,\u00a0]*[^\W\d_]{0,2}")
#: A relative time or short date after "@handle ·": a number among at most three words.
_WHEN_RE = re.compile(r"[^\W\d_]{0,12}\.?[ \t\u00a0]?\d{1,4}[^\n]{0,20}")
#: The label of a verification badge, as a copy keeps it beside or below the name.
_BADGE_LABELS = ("Verified account", "Doğrulanmış hesap", "Onaylanmış hesap", "Compte certifié",
                 "Verifizierter Account", "Cuenta verificada", "Conta verificada",
                 "Account verificato", "Подтвержденная учетная запись", "حساب موثّق",
                 "حساب موثق", "حساب تأیید شده", "認証済みアカウント", "已验证账号", "認證帳號",
                 "인증된 계정", "Geverifieerd account", "Zweryfikowane konto")
_BADGE_RE = re.compile(r"[ \t\u00a0]*(?:" + "|".join(map(re.escape, _BADGE_LABELS))
                       + r"|[\u2713\u2714\u2611]\ufe0f?)[ \t\u00a0]*$", re.IGNORECASE)
#: The longest display name (50 characters) with room for a badge's label.
_NAME_CHARS = 80
#: The most text a copy's post holds (a long post runs to thousands of characters).
_TEXT_CHARS = 12000


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of text[start:end]."""
    spans = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop == -1 else stop
        spans.append((pos, stop))
        pos = stop + 1
    return spans


def _time_line(line: str):
    """The time line's match, when `line` is one: a time, "·", a date with a day and a
    year (or the CJK date)."""
    if "·" not in line:
        return None
    match = _TIME_LINE_RE.fullmatch(line)
    if match is None:
        return None
    date = match["date"]
    if (len(date.split()) > 6 or _DAY_RE.search(date) is None
            or (_YEAR_RE.search(date) is None and "年" not in date and "년" not in date)):
        return None
    return match


def _name_of(line: str) -> str | None:
    """The display name a name line shows (a badge's label left out), or None when the
    line cannot be one."""
    name = _BADGE_RE.sub("", line).strip()
    if (not name or len(name) > _NAME_CHARS or "·" in name or name.startswith("@")
            or _HANDLE_LINE_RE.fullmatch(name) or _time_line(name)):
        return None
    return name


def _when_of(when: str | None) -> tuple[bool, str | None]:
    """(whether `when` is a timeline's time, the date it shows as written or None for a
    relative time: "Oct 12", "12 Eki", "Oct 12, 2024"; "2h", "5 dk" give None)."""
    if when is None:
        return False, None
    when = when.strip()
    if len(when.split()) > 4 or not _WHEN_RE.fullmatch(when):
        return False, None
    if parse_shown_date(when) or parse_yearless(when):
        return True, when
    return True, None


def copies_in_text(text: str) -> list[tuple[int, int, dict]]:
    """Every copy of a post from X's web app in `text`: (where it begins, where it ends,
    the Occurrence's fields), in order."""
    if "·" not in text or "@" not in text:
        return []
    found: list[tuple[int, int, dict]] = []
    floor = 0  # the end of the last copy read: no copy reaches back past it
    for handle_match in _HANDLE_LINE_RE.finditer(text):
        if handle_match.start() < floor:
            continue
        copy = _copy_at(text, handle_match, floor)
        if copy is not None:
            found.append(copy)
            floor = copy[1]
    return found


def _copy_at(text: str, handle_match, floor: int):
    """The copy whose handle line is `handle_match`: (start, end, fields) or None."""
    # the name line: right above the handle's (a badge's label may stand between)
    if handle_match.start() <= floor:
        return None
    above = text.rfind("\n", floor, handle_match.start() - 1)
    name_start = max(floor, above + 1) if above != -1 else floor
    name_line = text[name_start:handle_match.start() - 1]
    if _BADGE_RE.fullmatch(name_line) and name_start > floor:
        above = text.rfind("\n", floor, name_start - 1)
        badge_start = name_start
        name_start = max(floor, above + 1) if above != -1 else floor
        name_line = text[name_start:badge_start - 1]
    name = _name_of(name_line)
    if name is None:
        return None
    handle = handle_match["handle"]
    timeline, shown_date = _when_of(handle_match["when"])
    if handle_match["when"] is not None and not timeline:
        return None
    pos = handle_match.end() + 1
    lines = _lines(text, pos, min(len(text), pos + _TEXT_CHARS))
    if not timeline and len(lines) >= 2 and text[lines[0][0]:lines[0][1]].strip() == "·":
        # the timeline's "·" and time copied on lines of their own
        timeline, shown_date = _when_of(text[lines[1][0]:lines[1][1]])
        if not timeline:
            return None
        lines = lines[2:]
    reply: list[str] = []
    body: list[str] = []
    body_end = None  # where the post's text ends (before the time line, or the counters)
    end = None
    for index, (a, b) in enumerate(lines):
        line = text[a:b]
        stripped = line.strip()
        if not body and not reply and not stripped:
            continue
        if not body and stripped and _is_reply_label(stripped):
            reply.append(stripped)
            continue
        time = _time_line(line)
        if time is not None:
            if not timeline:
                if not _ends_copy(text, lines, index + 1):
                    return None  # a live blog's timestamp over its next entry
                shown_date = line[time.start("time"):time.end("date")].strip()
            body_end, end = (lines[index - 1][1] if index else a), b
            break
        if _HANDLE_LINE_RE.fullmatch(line):
            return None  # another copy begins: this one showed no time line
        if timeline and (not stripped and body or _NUMBER_LINE_RE.fullmatch(stripped)):
            body_end = end = lines[index - 1][1] if index else a
            break
        if stripped or body:
            body.append(line.rstrip())
    else:
        if not timeline:
            return None
        body_end = end = lines[-1][1] if lines else pos
    words = _post_words("\n".join(body))
    if not words:
        return None
    words, media = split_media(words)
    if not words:
        return None
    raw_end = _text_end(text, pos, body_end)
    fields = dict(handle=handle, author_name=name, shown_date=shown_date, text=words,
                  media=media, raw=text[name_start:raw_end].rstrip())
    return name_start, max(end, raw_end), fields


def _ends_copy(text: str, lines, index: int) -> bool:
    """Whether the lines from `index` on close a copy: none, a blank line, or "·" and
    counters up to one of those."""
    for a, b in lines[index:]:
        stripped = text[a:b].strip()
        if not stripped:
            return True
        if not _COUNTER_LINE_RE.fullmatch(stripped):
            return False
    return True


def _text_end(text: str, start: int, body_end: int) -> int:
    """Where the copy's text lines end, X's labels below the words left out (the raw a
    reader of the copy's lines above its text reads: archiver.verification.lines_above)."""
    end = body_end
    while end > start:
        line_start = text.rfind("\n", start, end) + 1 or start
        line = text[line_start:end].strip()
        if line and not _is_label(line):
            break
        end = max(start, line_start - 1)
    return end


def _is_reply_label(line: str) -> bool:
    from ..compare import opens_with_addressees

    return not line.startswith("@") and "@" in line and opens_with_addressees(line)


def _is_label(line: str) -> bool:
    """Whether a line is one of X's labels below a post's words ("Translate post",
    "Show more", in the UI's language)."""
    from ..compare import without_x_labels

    return len(line) <= 40 and not without_x_labels("x\n" + line, "").startswith("x\n")


def _post_words(body: str) -> str:
    """The post's words as a reader sees them: X's labels below them left out ("Show more"
    is the cut it marks, "…"), paragraphs parted by one blank line."""
    body = re.sub(r"\n{3,}", "\n\n", body.strip())
    if "\n" in body[-160:]:
        from ..compare import without_x_labels

        body = without_x_labels(body, "")
    return body.strip()
