"""The house keeps its shape: no import cycles, raw XML in one module, stages with verbs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "briefing"
XML_LAYER = PACKAGE / "deck" / "oxml"  # the only folder that may touch lxml or pptx internals


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules ``name`` imports anywhere in its code (function-level imports
    too: a cycle through a lazy import is still a cycle in the design)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # "from .x import y" imports the module x; "from . import oxml" imports the
            # package first (its __init__ runs), then the submodule
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
            if node.module is None:
                targets.append(base)
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (each reported once, from its first node)."""
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges[node]):
            if state.get(nxt) == "open":
                found.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_the_walk_sees_the_imports_it_must():
    edges = graph()
    assert "briefing.deck.oxml.text" in edges["briefing.deck.canvas"]  # from .oxml.text …
    assert "briefing.build.render" in edges["briefing.build.workers"]  # from .render import
    assert "briefing.content" in edges["briefing.build.render"]  # a lazy import counts
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_package_has_no_import_cycles():
    assert cycles(graph()) == []


def private_uses(path: Path) -> list[str]:
    """lxml imports, and attributes with one leading underscore read off objects that are
    not our own (``self``, ``cls``) — python-pptx's ``_element``, ``_txBody``, ``_blob`` …"""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names]
            found += [f"{path.name}:{node.lineno}: imports {n}" for n in names
                      if n.split(".")[0] == "lxml" or n.startswith("pptx.oxml")]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__"):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if owner not in ("self", "cls", "os"):  # os._exit: the process, not a document
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    return found


def test_only_the_xml_layer_touches_lxml_or_private_attributes():
    leaks = [use for path in modules().values() if not path.is_relative_to(XML_LAYER)
             for use in private_uses(path)]
    assert leaks == []


def test_the_xml_check_would_see_a_leak(tmp_path):
    leak = tmp_path / "leak.py"
    leak.write_text("from lxml import etree\n\ndef f(shape):\n    shape._element.set('a', 'b')\n")
    assert private_uses(leak) == ["leak.py:1: imports lxml", "leak.py:4: ._element"]


@pytest.mark.parametrize("stage, verb", [("content", "load_briefing"), ("pdf", "write_pdf"),
                                          ("deck", "write_deck"), ("build", "build")])
def test_each_stage_folder_says_what_it_does(stage, verb):
    init = PACKAGE / stage / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    assert "→" in ast.get_docstring(tree).splitlines()[0]  # input → output
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)} | {
        alias.asname or alias.name for n in tree.body if isinstance(n, ast.ImportFrom)
        for alias in n.names}
    assert verb in names


def test_every_kind_in_the_plan_template_is_drawn_on_a_layout_role():
    import re

    from briefing.deck.kinds import KINDS
    from briefing.deck.template import ROLE_LAYOUTS

    plan = (ROOT / "templates" / "deck.yaml.j2").read_text(encoding="utf-8")
    named = set(re.findall(r"kind:\s*([a-z_]+)", plan))
    assert named and named <= set(KINDS)
    for name in named:
        assert callable(KINDS[name].draw) and KINDS[name].draw.__name__ == f"draw_{name}"
        assert KINDS[name].layout in ROLE_LAYOUTS
