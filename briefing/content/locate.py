"""Where a value of the content sits in its file: every Markdown value and URL field of
the model, and the file line and column of a character inside a YAML scalar.

Shared by the link checker (each link at its own line) and the loader (a footnote
or citation problem at the line where it is written).
"""

from __future__ import annotations

from pydantic import BaseModel

from .markdown import Inline, Markdown
from .urls import check_url


def link_values(value, path: tuple):
    """(field path, value) of every Markdown/Inline value and every URL field under value."""
    if isinstance(value, (Markdown, Inline)):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            item = getattr(value, name)
            if isinstance(item, str) and is_url_field(field):
                yield (*path, name), item
            else:
                yield from link_values(item, (*path, name))
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from link_values(item, (*path, index))


def is_url_field(field) -> bool:
    return any(getattr(rule, "func", None) is check_url for rule in field.metadata)


def locate(lines: list[str], start: tuple[int, int], value, offset: int) -> tuple[int, int]:
    """File line and column of character ``offset`` of a YAML scalar that starts at ``start``.

    Exact for a ``|`` literal block (its lines are the file's lines after the
    indicator, less the indentation) and for a scalar on one line, plain or
    quoted without escapes; otherwise (folded ``>``, multi-line plain or
    quoted text) the scalar's own position.
    """
    line, column = start
    text = str(value)
    if not 1 <= line <= len(lines) or column > len(lines[line - 1]):
        return start
    head = lines[line - 1]
    if head[column - 1] == "|":
        row = text.count("\n", 0, offset)
        within = offset - (text.rfind("\n", 0, offset) + 1)
        source_line = text.split("\n")[row]
        if line + row < len(lines):
            file_line = lines[line + row]
            indent = len(file_line) - len(source_line)
            if file_line.endswith(source_line) and not file_line[:indent].strip(" "):
                return line + 1 + row, indent + within + 1
        return start
    if "\n" not in text:
        begin = column if head[column - 1] in "\"'" else column - 1
        if head[begin:begin + len(text)] == text:
            return line, begin + offset + 1
    return start
