"""The value a period or date rule writes: a template of its named values
(`"{year}-{13-n:02}/{year}-12"`), and the check of what it writes (an ISO 8601 date, month,
year or interval of them)."""
from __future__ import annotations

import ast
import datetime
from typing import Optional

import regex

_FIELD = regex.compile(r"\{([^{}:]+)(?::([^{}]*))?\}")
_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b}
_ISO = regex.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class Template:
    """`"{year}-{13-n:02}/{year}-12"`: fields hold + - * arithmetic on named values."""

    def __init__(self, text: str):
        self.text = text
        self.parts: list[tuple[str, Optional[ast.AST], str]] = []  # (literal, expr, format)
        self.names: set[str] = set()
        pos = 0
        for m in _FIELD.finditer(text):
            expr = ast.parse(m.group(1).strip(), mode="eval").body  # SyntaxError if malformed
            self._check(expr)
            self.parts.append((text[pos:m.start()], expr, m.group(2) or ""))
            pos = m.end()
        tail = text[pos:]
        if "{" in tail or "}" in tail:
            raise SyntaxError(f"unbalanced braces in {text!r}")
        self.parts.append((tail, None, ""))

    def _check(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            self.names.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, int):
            pass
        elif isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            self._check(node.left)
            self._check(node.right)
        else:
            raise SyntaxError(f"only names, integers and + - * may appear in {self.text!r}")

    def render(self, env: dict) -> Optional[str]:
        """The value, or None when a name is missing or a field does not fit its format."""
        if not self.names.issubset(env):
            return None
        out = []
        try:
            for literal, expr, fmt in self.parts:
                out.append(literal)
                if expr is not None:
                    out.append(format(_evaluate(expr, env), fmt))
        except (TypeError, ValueError):
            return None
        first, slash, last = "".join(out).partition("/")
        return first if slash and first == last else first + slash + last  # "2025-09/2025-09" is one month


def _evaluate(node: ast.AST, env: dict):
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    return _OPS[type(node.op)](_evaluate(node.left, env), _evaluate(node.right, env))


def valid_value(value: str) -> bool:
    """An ISO 8601 date, month, year or interval of them, with real months and days."""
    parts = value.split("/")
    if len(parts) > 2:
        return False
    for part in parts:
        m = _ISO.fullmatch(part)
        if not m:
            return False
        year, month, day = (int(g) if g else None for g in m.groups())
        if month is not None and not 1 <= month <= 12:
            return False
        if day is not None:
            try:
                datetime.date(year, month, day)
            except ValueError:
                return False
    return len(parts) == 1 or (len(parts[0]) == len(parts[1]) and parts[0] <= parts[1])
