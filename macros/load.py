"""Read YAML data files into plain Python values, remembering where every value came from.

PyYAML's own loader forgets line numbers and silently keeps the last of two duplicate keys; this
one composes the node tree itself so that each value keeps its position and duplicates, aliases
(billion-laughs bombs) and oversized files are refused before anything is built from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem

MAX_FILE_BYTES = 1_000_000
Location = tuple[int, int]
Key = tuple[Any, ...]


@dataclass
class Document:
    """One parsed data file: its values and the 1-based (line, column) of each of them."""

    path: str
    data: Any
    positions: dict[Key, Location] = field(default_factory=dict)

    def where(self, loc: Key) -> Location:
        """Position of the deepest node on `loc` that exists (a missing field points at its parent)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)


class _NoAliasLoader(yaml.SafeLoader):
    """Refuses aliases where they are used, so nothing can be expanded exponentially."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name / *name) are not allowed", mark
            )
        return super().compose_node(parent, index)


class _Composer:
    def __init__(self, path: str):
        self.path = path
        self.positions: dict[Key, Location] = {}
        self.problems: list[Problem] = []
        self._scalar = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, loc: Key, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, dotted(loc), message)
        )

    def convert(self, node: yaml.Node, loc: Key) -> Any:
        self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, loc: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, loc, "YAML merge keys (<<) are not allowed")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.positions[(*loc, key)][0]
                self.problem(key_node, (*loc, key), f"duplicate key (first given on line {first})")
                continue
            result[key] = self.convert(value_node, (*loc, key))
        return result


def dotted(loc: Key) -> str:
    """`('roles', 3, 'name', 'en')` → `roles[3].name.en`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse(text: str, path: str) -> Document:
    """Parse one file's text; raise DataError naming the file and line on any YAML problem."""
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or "invalid YAML"
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1]:
            reason += " (tabs are not allowed for indentation: use spaces)"
        kind = "YAML error" if isinstance(exc, yaml.composer.ComposerError) else "YAML syntax error"
        raise DataError([Problem(path, line, col, "", f"{kind}: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(path, 1, 1, "", f"YAML error: {exc}")]) from None
    composer = _Composer(path)
    data = composer.convert(node, ()) if node is not None else None
    if composer.problems:
        raise DataError(composer.problems)
    return Document(path, data, composer.positions)


def read(file: Path, root: Path) -> Document:
    """Read and parse one data file; `root` makes the reported path relative and stable."""
    shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise DataError([Problem(shown, 1, 1, "", f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > MAX_FILE_BYTES:
        message = f"file is {len(raw):,} bytes; a data file may be at most {MAX_FILE_BYTES:,}"
        raise DataError([Problem(shown, 1, 1, "", message)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(shown, line, 1, "", "file is not valid UTF-8 text")]) from None
    return parse(text, shown)


def read_all(files: list[Path], root: Path) -> list[Document]:
    """Read every file, collecting the problems of all of them before failing once."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for file in files:
        try:
            documents.append(read(file, root))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    return documents
