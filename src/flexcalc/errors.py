"""One small error hierarchy; the CLI maps each class to its documented exit code."""

from __future__ import annotations

from typing import Any


class FlexcalcError(Exception):
    """An error a user can act on, with the exit code the contract gives it.

    The message is English; `zh` is the Chinese wording shown by default (--lang zh).
    """

    exit_code = 1

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" and self.zh else str(self)


class UsageError(FlexcalcError):
    """Bad option or unknown city (exit 2)."""

    exit_code = 2


class ProfileError(FlexcalcError):
    """Invalid profile input (exit 3); `problems` keeps (field path, message) pairs for batch."""

    exit_code = 3

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None, zh: str | None = None):
        super().__init__(message, zh)
        self.problems = problems or [("", message)]


class OutputError(UsageError):
    """The output given cannot be written: closed, disk full, an I/O error (exit 2, like a bad -o)."""


class DataError(FlexcalcError):
    """Invalid cities configuration (exit 4)."""

    exit_code = 4


def field_path(loc: tuple, data: Any) -> str:
    """A pydantic error location as a field path of the input (`business.premises.area_m2`,
    `training[0].days`), dropping the union tags pydantic adds that are not keys of the input."""
    parts: list[str] = []
    node = data
    for item in loc:
        if _is_tag(item) and not (isinstance(node, dict) and item in node):
            continue
        if isinstance(item, int) and isinstance(node, list):
            parts.append(f"[{item}]")
            node = node[item] if item < len(node) else None
        elif isinstance(node, dict) and item in node:
            parts.append(("." if parts else "") + str(item))
            node = node[item]
        elif isinstance(node, dict) or node is None:
            if isinstance(node, dict) and not _is_tag(item):
                parts.append(("." if parts else "") + str(item))
                node = None
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _is_tag(item: Any) -> bool:
    """Discriminated unions add the tag and generic names (`Cited[int]`) to locations."""
    if not isinstance(item, str):
        return False
    from flexcalc.registry import rule_tags

    return "[" in item or item in _TAGS or item in rule_tags()


# Tags pydantic adds to locations besides the rule shapes' own (registry.rule_tags()).
_TAGS = {
    "figure",  # a figure: one cited value, dated entries or a reference (timeline.py)
    "entries",
    "reference",
    "function-after",
    "function-before",
    "function-wrap",
}


# What a JSON value is, in words (never a Python type name such as list or NoneType).
_JSON_TYPES = {
    list: ("an array", "数组"),
    str: ("a string", "字符串"),
    bool: ("true or false", "布尔值"),
    type(None): ("null", "null"),
    dict: ("an object", "对象"),
}


def json_type(value: Any, lang: str = "en") -> str:
    """The kind of a JSON value as a person reads it: an array, a string, null, a number."""
    en, zh = _JSON_TYPES.get(type(value), ("a number", "数字"))
    return zh if lang == "zh" else en


def validation_problems(err, data: Any, lang: str = "en") -> list[tuple[str, str]]:
    """(field path, message) for each error of a pydantic ValidationError (or a list of its
    errors()), in English or Chinese."""
    out = []
    for e in err if isinstance(err, list) else err.errors(include_url=False):
        words = _WORDS.get(e["type"])
        msg = e["msg"]
        if words:
            template = words[1] if lang == "zh" else words[0]
            ctx = dict(e.get("ctx") or {})
            if lang == "zh" and "expected" in ctx:
                ctx["expected"] = str(ctx["expected"]).replace("' or '", "'、'")
            msg = template.format(**ctx) if template else msg
        elif lang == "zh":
            msg = f"无效（{msg}）"
        out.append((field_path(error_loc(e), data), msg))
    return out


def error_loc(e: dict) -> tuple:
    """Where an error is: a rule of a model (fields.reject) names the key below the model."""
    loc = tuple(e["loc"])
    return loc + tuple(e["ctx"]["key"]) if e["type"] == "data_rule" else loc


# pydantic error type → (English, Chinese); None keeps pydantic's own English words.
_WORDS: dict[str, tuple[str | None, str]] = {
    "extra_forbidden": (
        'unknown field (not in the contract; free-form data goes in "extra")',
        '未知字段（契约中没有；其他信息请放在 "extra" 中）',
    ),
    "missing": ("required field is missing", "缺少必填项"),
    "missing_keyword_only_argument": ("required field is missing", "缺少必填项"),
    "missing_argument": ("required field is missing", "缺少必填项"),
    "unexpected_keyword_argument": (
        'unknown field (not in the contract; free-form data goes in "extra")',
        '未知字段（契约中没有；其他信息请放在 "extra" 中）',
    ),
    "date_parsing": (None, "应为有效日期，格式 YYYY-MM-DD"),
    "date_type": (None, "应为日期字符串，格式 YYYY-MM-DD"),
    "date_from_datetime_parsing": (None, "应为有效日期，格式 YYYY-MM-DD"),
    "greater_than_equal": (None, "应大于或等于 {ge}"),
    "greater_than": (None, "应大于 {gt}"),
    "less_than_equal": (None, "应小于或等于 {le}"),
    "less_than": (None, "应小于 {lt}"),
    "string_too_long": (None, "过长（最多 {max_length} 个字符）"),
    "too_long": (None, "项数过多（最多 {max_length} 项）"),
    "decimal_max_places": (None, "小数不超过 {decimal_places} 位"),
    "data_rule": (None, "{zh}"),
    "input_grammar": (None, "{zh}"),  # flexcalc.grammar: the message carries both languages
    "bool_type": (None, "应为 true 或 false"),
    "bool_parsing": (None, "应为 true 或 false"),
    "int_type": (None, "应为整数"),
    "int_parsing": (None, "应为整数"),
    "int_from_float": (None, "应为整数"),
    "decimal_type": (None, "应为数字"),
    "decimal_parsing": (None, "应为数字"),
    "float_type": (None, "应为数字"),
    "finite_number": (None, "应为有限的数字"),
    "string_type": (None, "应为字符串"),
    "literal_error": (None, "应为以下之一：{expected}"),
    "list_type": (None, "应为列表（JSON 数组）"),
    "model_type": (None, "应为 JSON 对象"),
    "dataclass_type": (None, "应为 JSON 对象"),
    "dataclass_exact_type": (None, "应为 JSON 对象"),
    "dict_type": (None, "应为 JSON 对象"),
    "model_attributes_type": (None, "应为 JSON 对象"),
    "json_invalid": (None, "JSON 格式错误"),
    "string_too_short": (None, "不能为空"),
    "too_short": (None, "项数不足"),
    "string_pattern_mismatch": (None, "格式不符：{pattern}"),
}


# What Python's JSON reader says, in Chinese for a Chinese message (its words start the message).
_JSON_ZH = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name enclosed in double quotes", "此处应为用双引号括起的键名"),
    ("Expecting ':' delimiter", "此处应为冒号 :"),
    ("Expecting ',' delimiter", "此处应为逗号 ,"),
    ("Unterminated string starting at", "字符串没有结束的引号"),
    ("Invalid control character at", "字符串中有控制字符"),
    ("Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
    ("Invalid \\escape", "无效的反斜杠转义"),
    ("Extra data", "一个值之后还有多余内容"),
    ("Illegal trailing comma before end of", "结尾处多了一个逗号"),
)


def json_reason(msg: str, lang: str) -> str:
    """A JSONDecodeError's reason in the message's language (Python words it in English only)."""
    if lang != "zh":
        return msg
    return next((zh for en, zh in _JSON_ZH if msg.startswith(en)), "语法错误")


def path_words(path: str, lang: str) -> str:
    """A field path as a message shows it: the placeholder for the whole record in its language."""
    return "（整条记录）" if lang == "zh" and path == "(top level)" else path


_OS_ZH = {
    "ENOENT": "没有这个文件或文件夹",
    "EACCES": "没有权限",
    "EPERM": "不允许此操作",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EISDIR": "这是一个文件夹",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EROFS": "文件系统只读",
    "EEXIST": "文件已存在",
    "EIO": "输入输出错误",
    "ENAMETOOLONG": "文件名太长",
    "ELOOP": "符号链接过多",
    "EMFILE": "打开的文件过多",
    "EFBIG": "文件太大",
}


def os_why(e: OSError, lang: str) -> str:
    """An OSError's reason in the message's language (the system words it in English)."""
    import errno

    if lang == "zh" and e.errno is not None:
        zh = _OS_ZH.get(errno.errorcode.get(e.errno, ""))
        if zh:
            return zh
    return str(e.strerror or e)
