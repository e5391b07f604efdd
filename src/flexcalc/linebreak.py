"""Line breaking for screens in Chinese and English: where a line may end, and lines of a width.

Chinese has no spaces: a line may break between two ideographs, but never before closing
punctuation (、。，；：）」 …), never after opening punctuation (（「 …), and never inside a run
of Latin letters, digits and their punctuation (a number, a date, 3,200.00–4,266.67, a field
path), nor between a number and the word after it (33号, 2026年). English breaks at spaces only,
as rich does. `divide_line` has the signature of rich's
own and replaces it in `rich.text` (`install`), so tables, panels and wrapped cells follow the
same rules as the text we wrap ourselves (`wrap`).
"""

from __future__ import annotations

from rich.cells import cell_len, chop_cells

# No line may start with these (they close what precedes them).
CLOSING = frozenset(
    "、。，．；：？！）」』】〕》〉〗〙〛〞”’…‥・·％‰℃"  # CJK and fullwidth
    "）］｝，．；：！？％"
    ")]},.;:!?%"
)
# No line may end with these (they open what follows).
OPENING = frozenset("（「『【〔《〈〖〘〚〝“‘［｛([{")


def _is_wide(ch: str) -> bool:
    """A character that stands alone as a unit of Chinese (or Japanese, Korean) text."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK symbols and punctuation, kana, ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # compatibility forms
        or 0xFF01 <= code <= 0xFF60  # fullwidth forms
        or 0x20000 <= code <= 0x3FFFF  # supplementary ideographs
    ) and ch not in _GLUE


# Fullwidth or CJK characters that bind like letters: inside a number range (20,000～24,000).
_GLUE = frozenset("～")


def breaks(text: str) -> list[bool]:
    """For each index i, whether a line may start at text[i] (False at 0)."""
    n = len(text)
    out = [False] * n
    for i in range(1, n):
        ch, before = text[i], text[i - 1]
        if ch.isspace() or ch in CLOSING or before in OPENING:
            continue
        if before.isdigit() and _is_wide(ch):  # a number stays with its unit: 33号, 12个月, 2026年
            continue
        if before.isspace() or _is_wide(ch) or _is_wide(before):
            out[i] = True
    return out


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets at which to break `text` into lines of at most `width` cells (rich's contract:
    a line's trailing spaces stay on it and are trimmed by the caller). A unit wider than a
    line is folded at the width when `fold`, else left whole."""
    width = max(width, 1)
    allowed = breaks(text)
    offsets: list[int] = []
    start, n = 0, len(text)
    while start < n:
        if cell_len(text[start:].rstrip()) <= width:
            break
        cut = _last_fit(text, allowed, start, width)
        if cut is None:  # the first unit alone is wider than the line
            end = next((i for i in range(start + 1, n) if allowed[i]), n)
            if not fold:
                cut = end
            else:
                piece = chop_cells(text[start:end], width)[0]
                cut = start + len(piece)
                if cut >= end:
                    cut = end
        if cut >= n:
            break
        offsets.append(cut)
        start = cut
    return offsets


def _last_fit(text: str, allowed: list[bool], start: int, width: int) -> int | None:
    """The last allowed break after `start` whose line (without trailing spaces) fits."""
    best = None
    cells = trailing = 0  # cells of text[start:i], and of its trailing spaces
    for i in range(start, len(text)):
        if i > start and allowed[i]:
            if cells - trailing > width:
                break
            best = i
        w = cell_len(text[i])
        cells += w
        trailing = trailing + w if text[i].isspace() else 0
    return best


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` as lines of at most `width` cells, continuation lines indented by `indent`."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        first = divide_line(paragraph, width)
        if not first:
            lines.append(paragraph.rstrip())
            continue
        head = paragraph[: first[0]].rstrip()
        lines.append(head)
        rest = paragraph[first[0] :].lstrip()
        for line in _wrap_rest(rest, max(width - indent, 1)):
            lines.append(" " * indent + line)
    return lines


def _wrap_rest(text: str, width: int) -> list[str]:
    cuts = [0, *divide_line(text, width), len(text)]
    return [text[a:b].rstrip() for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b].strip()]


def install() -> None:
    """Make rich wrap every Text with these rules (rich.text looks divide_line up at call time)."""
    import rich.text

    rich.text.divide_line = divide_line
