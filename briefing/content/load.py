"""Content file (YAML) → Briefing, or a ContentError listing every located problem.

The YAML is composed into nodes (safe loader, no Python tags) so that every
value keeps its line and column; the nodes are turned into plain data while
checking what pydantic cannot see (duplicate keys, alias bombs, impossible
dates); then the data is validated against the model and each pydantic error
is mapped back to the position of the value, key or mapping it concerns.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, TemplateError
from .fields import MAX_VALUE, bad_character
from .locate import locate
from .model import Briefing

MAX_BYTES = 1_000_000
MAX_NODES = 100_000  # after alias expansion: a "billion laughs" file stops here
MAX_DEPTH = 50
# Never blocks on a FIFO; binary on Windows.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")

FieldPath = tuple  # such as ("sections", 2, "title")


class _Invalid:
    """Stands in for a value already reported, so it is not reported twice."""


def load_briefing(path: Path | str) -> Briefing:
    """Read and validate one content file; raise ContentError with every problem."""
    path = Path(path)
    reader = _Reader(str(path))
    raw = _read_bytes(path, reader)
    data = None if raw is None else reader.read(raw)
    if data is not None:
        briefing = reader.validate(data, path.parent)
        if briefing is not None and not reader.problems:
            positions = {p: (m.line + 1, m.column + 1) for p, m in reader.marks.items()}
            return briefing.with_source(path, positions)
    raise ContentError(reader.problems)


def _read_bytes(path: Path, reader: _Reader) -> bytes | None:
    """The file's bytes from one open file, or None after reporting why not.

    Only a regular file is read: a FIFO, a device such as /dev/zero or a
    folder would block or never end. The file is opened without blocking (a
    FIFO with no writer would otherwise wait forever), checked with one fstat
    and read up to MAX_BYTES + 1 bytes, so a file that grows meanwhile is
    still refused, never read without end, and the size reported is the one
    the read saw.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        reader.add(1, 1, (), f"cannot read the file: {err.strerror or err}")
        return None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
        reader.add(1, 1, (), f"is {what}; expected a YAML content file")
        return None
    with os.fdopen(fd, "rb") as file:
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        size = (f"{status.st_size:,} bytes" if status.st_size > MAX_BYTES
                else f"over {MAX_BYTES:,} bytes")
        reader.add(1, 1, (), f"file is {size}; the limit is {MAX_BYTES:,} bytes "
                   "(split the briefing or move data into separate files)")
        return None
    return raw


class _Reader:
    """Collects problems for one file while turning YAML nodes into data, then checks the
    data against ``model`` (a briefing, or settings such as the theme)."""

    def __init__(self, filename: str, model: type[BaseModel] = Briefing,
                 expected: str = "a mapping with at least 'title' and 'sections'"):
        self.filename = filename
        self.model = model
        self.expected = expected  # what an empty file should have held
        self.problems: list[Problem] = []
        self.marks: dict[FieldPath, yaml.Mark] = {}      # value positions
        self.key_marks: dict[FieldPath, yaml.Mark] = {}  # key positions
        self.scalars: dict[FieldPath, yaml.ScalarNode] = {}
        self.nodes = 0
        self.lines: list[str] = []  # the file's lines, to place a problem inside a text
        self.constructor = yaml.constructor.SafeConstructor()

    # -- reporting -------------------------------------------------------
    def add(self, line: int, column: int, path: FieldPath, message: str) -> None:
        self.problems.append(Problem(self.filename, line, column, _dotted(path), message))

    def add_at(self, mark: yaml.Mark | None, path: FieldPath, message: str) -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.add(line, column, path, message)

    # -- YAML → data -----------------------------------------------------
    def read(self, raw: bytes) -> object | None:
        text = self._decode(raw)
        if text is None:
            return None
        self.lines = text.splitlines()
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            what = " ".join(filter(None, [err.problem, err.context]))
            self.add_at(mark, (), f"YAML syntax error: {what}")
            return None
        except yaml.reader.ReaderError as err:
            before = text[: err.position]
            line, column = before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1
            self.add(line, column, (), f"character U+{err.character:04X} is not allowed in YAML; "
                     "remove it")
            return None
        except RecursionError:
            self.add(1, 1, (), "YAML is nested too deeply; expected a briefing "
                     f"at most {MAX_DEPTH} levels deep")
            return None
        if root is None:
            self.add(1, 1, (), f"file is empty; expected {self.expected}")
            return None
        if not isinstance(root, yaml.MappingNode):
            self.add_at(root.start_mark, (), "expected a mapping of fields "
                        "(title: …, sections: …) at the top of the file")
            return None
        try:
            return self._convert(root, ())
        except _TooBig as err:
            # Point at the top-level field whose value blew up, not deep inside it.
            field = err.path[:1]
            self.add_at(self.marks.get(field, err.mark), field, str(err))
            return None

    def _decode(self, raw: bytes) -> str | None:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            before = raw[: err.start]
            line = before.count(b"\n") + 1
            column = len(before) - (before.rfind(b"\n") + 1) + 1
            self.add(line, column, (), f"byte 0x{raw[err.start]:02x} is not valid UTF-8; "
                     "save the file as UTF-8")
            return None

    def _convert(self, node: yaml.Node, path: FieldPath) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(node.start_mark, path, f"the file expands to more than {MAX_NODES:,} "
                          "values (through &anchors and *aliases); expected a briefing")
        if len(path) > MAX_DEPTH:
            raise _TooBig(node.start_mark, path,
                          f"values are nested more than {MAX_DEPTH} levels deep")
        self.marks.setdefault(path, node.start_mark)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_COLLECTIONS:
            self.add_at(node.start_mark, path, f"unsupported YAML tag {node.tag!r}; "
                        "expected plain lists and mappings")
            return _Invalid()
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return tuple(self._convert(item, (*path, i)) for i, item in enumerate(node.value))
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.add_at(key_node.start_mark, path, "'<<' merge keys are not supported; "
                            "write the fields out")
                continue
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                self.add_at(key_node.start_mark, path, "expected a field name as the key, "
                            f"got {_describe_node(key_node)}")
                continue
            child = (*path, key)
            if key in result:
                first = self.key_marks[child]
                self.add_at(key_node.start_mark, child, f"duplicate key {key!r} (first at line "
                            f"{first.line + 1}); expected each field once")
                continue
            self.key_marks[child] = key_node.start_mark
            result[key] = self._convert(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> object:
        self.scalars[path] = node
        try:
            value = self.constructor.construct_object(node)
            if isinstance(value, str) and (problem := bad_character(value)):
                self.add_at(node.start_mark, path, problem)
                return _Invalid()
            return value
        except yaml.constructor.ConstructorError as err:
            self.add_at(node.start_mark, path, f"unsupported YAML value: {err.problem}")
        except ValueError:
            if node.tag == "tag:yaml.org,2002:int":  # over Python's 4,300-digit limit
                self.add_at(node.start_mark, path, f"a {len(node.value):,}-character number "
                            "is too long to read; expected a chart value between "
                            f"-{MAX_VALUE:,} and {MAX_VALUE:,}, or text in quotes")
            else:  # e.g. 2026-02-30 matches the date pattern, then fails
                self.add_at(node.start_mark, path, f"{node.value!r} is not a real date; "
                            "expected YYYY-MM-DD")
        return _Invalid()

    # -- data → model ----------------------------------------------------
    def validate(self, data: object, base_dir: Path) -> Briefing | None:
        return self.check(data, {"base_dir": base_dir,
                                 "lang": data.get("lang") if isinstance(data, dict) else None})

    def check(self, data: object, context: dict | None = None, *,
              others: tuple[_Reader, ...] = ()) -> BaseModel | None:
        """``data`` as a ``self.model``, or None with every problem reported. With
        ``others`` (files merged over this one), a problem is reported in the last file
        that wrote the value it concerns."""
        try:
            return self.model.model_validate(data, context=context)
        except ValidationError as err:
            for error in err.errors(include_url=False):
                loc = tuple(error["loc"])
                owner = next((r for r in reversed(others)
                              if loc in r.marks or loc in r.key_marks), self)
                owner.report(error)
                if owner is not self:
                    self.problems += owner.problems
                    owner.problems.clear()
            return None

    def report(self, error: dict) -> None:
        loc = tuple(error["loc"])
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if "at" in ctx:
            loc = (*loc, *ctx["at"])
        # A stand-in was reported already; a list "too short after validation"
        # only repeats the errors of its items.
        if isinstance(error.get("input"), _Invalid):
            return
        if kind == "too_short" and error.get("input"):
            return
        if kind == "missing":
            parent = loc[:-1]
            self.add_at(self.marks.get(parent), loc, "required field is missing")
        elif kind == "extra_forbidden":
            self.add_at(self.key_marks.get(loc), loc, _unknown_key(loc, self.model))
        elif "offset" in ctx and loc in self.marks and isinstance(error.get("input"), str):
            # A footnote or citation inside a text: at the line where it is written.
            mark = self.marks[loc]
            line, column = locate(self.lines, (mark.line + 1, mark.column + 1),
                                  error["input"], ctx["offset"])
            self.add(line, column, loc, self._message(loc, error))
        else:
            self.add_at(self.marks.get(loc), loc, self._message(loc, error))

    def _message(self, loc: FieldPath, error: dict) -> str:
        kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
        if kind in ("string_type", "float_type", "date_type", "tuple_type", "model_type",
                    "model_attributes_type", "dataclass_type", "bool_type", "int_type"):
            return self._type_message(loc, kind, value)
        if kind == "too_short":
            return "expected at least one item, got none"
        if kind == "literal_error":
            return f"expected one of {ctx.get('expected')}, got {value!r}"
        if kind in ("value_error", "assertion_error"):
            return str(ctx.get("error", error["msg"]))
        return error["msg"][0].lower() + error["msg"][1:]

    def _type_message(self, loc: FieldPath, kind: str, value: object) -> str:
        expected = {
            "string_type": "text", "float_type": "a number", "date_type":
            "a date as YYYY-MM-DD", "tuple_type": "a list", "bool_type": "true or false",
            "int_type": "a whole number",
        }.get(kind, "a mapping of fields")
        message = f"expected {expected}, got {_describe(value)}"
        node = self.scalars.get(loc)
        if kind == "string_type" and node is not None and node.style is None:
            message += f'; put it in quotes: "{node.value}"'
        if kind == "float_type" and isinstance(value, str) and _EXPONENT.fullmatch(value):
            # YAML 1.1 wants a dot and a signed exponent: 1e12 is text, 1.0e+12 a number.
            mantissa, exponent = value.lower().split("e")
            mantissa += "" if "." in mantissa else ".0"
            exponent = exponent if exponent[0] in "+-" else "+" + exponent
            message += f"; YAML reads this form as text: write {mantissa}e{exponent}"
        return message


_EXPONENT = re.compile(r"[-+]?[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+")


class _TooBig(Exception):
    def __init__(self, mark: yaml.Mark, path: FieldPath, message: str):
        super().__init__(message)
        self.mark, self.path = mark, path


def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _describe(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}"


def _describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"{node.value!r}"
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


def _unknown_key(loc: FieldPath, model: type[BaseModel]) -> str:
    known = _known_fields(loc[:-1], model)
    key = str(loc[-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown field {key!r}; did you mean {close[0]!r}?"
    return f"unknown field {key!r}; expected one of: {', '.join(known)}"


def _known_fields(loc: FieldPath, model: type[BaseModel]) -> list[str]:
    """The field names allowed at ``loc``, found by walking the model's annotations."""
    for part in loc:
        if isinstance(part, int):
            continue
        model = _model_in(model.model_fields[part].annotation)
    return list(model.model_fields)


def _model_in(annotation: object) -> type:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        try:
            return _model_in(arg)
        except LookupError:
            continue
    raise LookupError(annotation)


def load_settings(paths: list[Path], model: type[BaseModel], expected: str) -> BaseModel:
    """YAML settings files (the built-in theme, then a project's) merged in order →
    ``model``, or a TemplateError with every problem of every file, each located in the
    file that wrote the value (``FILE:LINE:COL: path: message``)."""
    readers, merged = [], {}
    for path in paths:
        reader = _Reader(str(path), model, expected)
        raw = _read_bytes(path, reader)
        data = None if raw is None else reader.read(raw)
        readers.append(reader)
        if isinstance(data, dict):
            merged = merge(merged, data)
    problems = [p for reader in readers for p in reader.problems]
    if not problems:
        found = readers[0].check(merged, others=tuple(readers[1:]))
        if found is not None:
            return found
        problems = readers[0].problems
    raise TemplateError(problems)


def merge(base: dict, over: dict) -> dict:
    """``over`` merged into ``base``: mappings deeply, any other value replaced."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged
