"""Read YAML data files into plain Python values, remembering where every value came from.

PyYAML's own loader forgets line numbers and silently keeps the last of two duplicate keys; this
one composes the node tree itself so that each value keeps its position and duplicates, aliases
(billion-laughs bombs) and oversized files are refused before anything is built from them.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Problem

MAX_FILE_BYTES = 1_000_000
# Real data nests about eight levels; PyYAML composes recursively, so a file of 100,000 "["
# would otherwise end in a RecursionError instead of a located problem.
MAX_DEPTH = 64
Location = tuple[int, int]
Key = tuple[Any, ...]


@dataclass(eq=False)
class Document:
    """One parsed data file: its values and the 1-based (line, column) of each of them.

    Once the data are loaded and checked, a build needs only the models made from them (and
    the file's path): `let_go` drops the parsed values and positions, some 50 MiB at 2,000
    roles that every forked edition would otherwise copy as soon as it touched them. Should a
    message still ask where something is, the file is read again."""

    path: str
    _data: Any
    _positions: dict[Key, Location] | None = field(default_factory=dict)
    file: Path | None = None  # where it was read from (read again once let go)

    @property
    def data(self) -> Any:
        self._read_again()
        return self._data

    @property
    def positions(self) -> dict[Key, Location]:
        self._read_again()
        return self._positions  # type: ignore[return-value]

    def let_go(self) -> None:
        """Drop the values and positions, if the file can be read again."""
        if self.file is not None:
            self._data, self._positions = None, None

    def _read_again(self) -> None:
        if self._positions is not None:
            return
        try:  # as read the first time (a build lets go of a file moments after reading it)
            again = parse(_read_bounded(self.file, self.path).decode("utf-8"), self.path)  # type: ignore[arg-type]
        except (UnicodeDecodeError, DataError):  # changed since: positions fall back to (1, 1)
            again = Document(self.path, None)
        self._data, self._positions = again._data, again._positions

    def where(self, loc: Key) -> Location:
        """Position of the deepest node on `loc` that exists (a missing field points at its parent)."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)


class _NoAliasLoader(yaml.SafeLoader):
    """Refuses aliases where they are used, so nothing can be expanded exponentially, and
    nesting deeper than MAX_DEPTH, so composing stops long before Python's recursion limit."""

    depth = 0

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        # Checked while scanning too: the scanner reads far ahead on a line of "[[[[…" (and
        # slowly, in quadratic time) before the composer sees the first node.
        if self.flow_level >= MAX_DEPTH:
            error = yaml.scanner.ScannerError(
                None, None, f"values are nested more than {MAX_DEPTH} levels deep", self.get_mark()
            )
            error.code = "yaml-too-deep"  # type: ignore[attr-defined]
            raise error
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            error = yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name / *name) are not allowed", mark
            )
            error.code = "yaml-anchor"  # type: ignore[attr-defined]
            raise error
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            error = yaml.composer.ComposerError(
                None, None, f"values are nested more than {MAX_DEPTH} levels deep", mark
            )
            error.code = "yaml-too-deep"  # type: ignore[attr-defined]
            raise error
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Composer:
    def __init__(self, path: str):
        self.path = path
        self.positions: dict[Key, Location] = {}
        self.problems: list[Problem] = []
        self._scalar = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, loc: Key, message: str, code: str) -> None:
        mark = node.start_mark
        where = (self.path, mark.line + 1, mark.column + 1, dotted(loc))
        self.problems.append(Problem(*where, message, code=code))

    def convert(self, node: yaml.Node, loc: Key) -> Any:
        self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._construct_scalar(node, loc)

    def _construct_scalar(self, node: yaml.Node, loc: Key) -> Any:
        """A scalar's value; a tag or a date that cannot be read is a located problem."""
        try:
            return self._scalar.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            self.problem(node, loc, f"cannot read this value: {exc.problem}", "yaml-value")
        except (ValueError, OverflowError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            self.problem(
                node,
                loc,
                f"cannot read {_short(node.value)} as {kind} ({exc}); put it in quotes to keep it as text",
                "yaml-value",
            )
        return None

    def _mapping(self, node: yaml.MappingNode, loc: Key) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, loc, "YAML merge keys (<<) are not allowed", "yaml-merge-key")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "a key must be plain text", "yaml-key")
                continue
            key = str(key_node.value)
            if key in result:
                first = self.positions[(*loc, key)][0]
                message = f"duplicate key (first given on line {first})"
                self.problem(key_node, (*loc, key), message, "duplicate-key")
                continue
            result[key] = self.convert(value_node, (*loc, key))
        return result


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) < 40 else shown[:37] + "...'"


def dotted(loc: Key) -> str:
    """`('roles', 3, 'name', 'en')` → `roles[3].name.en`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Irregular(Exception):
    """The fast path met something only the careful path words well: let that one report it."""


class _Frame:
    __slots__ = ("value", "loc", "key")

    def __init__(self, value: dict[str, Any] | list[Any], loc: Key):
        self.value, self.loc, self.key = value, loc, _NO_KEY


_NO_KEY = object()


def _fast(text: str, path: str) -> Document | None:
    """Parse valid YAML with LibYAML's C parser (about ten times faster than PyYAML's own).

    Values are built from the event stream without recursion. Anything irregular — a syntax
    error, an alias, a duplicate or merge key, deep nesting, a value that cannot be read —
    returns None, and the careful path parses the file again to report it with its usual
    wording and position.
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    parser = yaml.CSafeLoader(text)
    scalars = yaml.SafeLoader("")
    positions: dict[Key, Location] = {}
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Irregular
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if isinstance(event, yaml.AliasEvent):
                raise _Irregular
            if not isinstance(event, yaml.NodeEvent):
                continue  # stream and document ends
            top = stack[-1] if stack else None
            if top is not None and isinstance(top.value, dict) and top.key is _NO_KEY:
                if not isinstance(event, yaml.ScalarEvent) or event.value in top.value:
                    raise _Irregular
                if (
                    event.tag is None
                    and scalars.resolve(yaml.ScalarNode, event.value, event.implicit)
                    == "tag:yaml.org,2002:merge"
                ):
                    raise _Irregular
                top.key = event.value
                continue
            if top is None:
                loc: Key = ()
            elif isinstance(top.value, dict):
                loc = (*top.loc, top.key)
            else:
                loc = (*top.loc, len(top.value))
            mark = event.start_mark
            positions[loc] = (mark.line + 1, mark.column + 1)
            value: Any
            if isinstance(event, yaml.ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = scalars.resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(tag, event.value, mark, event.end_mark, event.style)
                value = scalars.construct_object(node)
            elif len(stack) >= MAX_DEPTH - 1:
                raise _Irregular
            else:
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            if top is None:
                root = value
            elif isinstance(top.value, dict):
                top.value[top.key] = value
                top.key = _NO_KEY
            else:
                top.value.append(value)
            if isinstance(value, (dict, list)) and not isinstance(event, yaml.ScalarEvent):
                stack.append(_Frame(value, loc))
    except (_Irregular, yaml.YAMLError, ValueError, OverflowError, TypeError):
        return None
    finally:
        parser.dispose()
    return Document(path, root, positions)


def parse(text: str, path: str) -> Document:
    """Parse one file's text; raise DataError naming the file and line on any YAML problem."""
    return _fast(text, path) or parse_carefully(text, path)


def parse_carefully(text: str, path: str) -> Document:
    """PyYAML's own parser and composer: slower, but it locates and words every problem."""
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or "invalid YAML"
        lines = text.splitlines()
        code = "yaml-syntax"
        if 0 < line <= len(lines) and "\t" in lines[line - 1]:
            reason += " (tabs are not allowed for indentation: use spaces)"
            code = "yaml-tab"
        elif 0 < line <= len(lines):
            reason += _plain_text_advice(reason, lines[line - 1][: col - 1])
        composing = isinstance(exc, yaml.composer.ComposerError)
        if composing and exc.context and reason.startswith("but "):
            reason = f"{exc.context}, {reason}"  # "expected a single document …, but found …"
        kind = "YAML error" if composing else "YAML syntax error"
        code = "yaml-structure" if composing and code != "yaml-tab" else code
        code = getattr(exc, "code", code)  # refused by _NoAliasLoader
        raise DataError([Problem(path, line, col, "", f"{kind}: {reason}", code=code)]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        message = f"character U+{code:04X} is not allowed in a YAML file (a control character?)"
        raise DataError([Problem(path, line, col, "", message, code="yaml-character")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(path, 1, 1, "", f"YAML error: {exc}", code="yaml-error")]) from None
    except RecursionError:  # a safety net: MAX_DEPTH stops composing well before this
        message = f"YAML error: values are nested more than {MAX_DEPTH} levels deep"
        raise DataError([Problem(path, 1, 1, "", message, code="yaml-too-deep")]) from None
    composer = _Composer(path)
    data = composer.convert(node, ()) if node is not None else None
    if composer.problems:
        raise DataError(composer.problems)
    return Document(path, data, composer.positions)


def _plain_text_advice(reason: str, before: str) -> str:
    """Why unquoted text broke the YAML, when it is the usual mistake: a full-width comma
    between the fields of {zh: …，en: …}, or a colon (or comma) inside the text."""
    if not ("expected ',' or '}'" in reason or "mapping values are not allowed" in reason):
        return ""
    if "，" in before and "{" in before:
        return (
            " — a full-width comma (，) does not separate the fields of {…}: use an ASCII comma and "
            "a space ({zh: 直播主播, en: Livestream Host}), or put the text in quotes"
        )
    return (
        " — a colon followed by a space ends a text that is not in quotes: put the text in "
        'quotes, e.g. en: "Note: samples ship first"'
    )


def _line_col(text: str, position: int) -> Location:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def read(file: Path, root: Path) -> Document:
    """Read and parse one data file; `root` makes the reported path relative and stable.

    A symbolic link is refused, never followed (one to /dev/zero would read until memory runs
    out, one to a file outside the repository would print its content in errors), and the size
    limit holds while reading: at most one byte more than the limit is ever read."""
    shown = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
    raw = _read_bounded(file, shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(shown, line, 1, "", "file is not valid UTF-8 text", code="not-utf8")]
        ) from None
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    key = os.path.abspath(file)
    kept = _PARSED.get(key)
    if kept is not None and kept[0] == digest:
        return kept[1]
    document = parse(text, shown)
    document.file = file
    _PARSED[key] = (digest, document)
    return document


def _read_bounded(file: Path, shown: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if file.is_symlink():
            raise DataError([Problem(shown, 1, 1, "", SYMLINK, code="symlink")])
        fd = os.open(file, flags)
    except OSError as exc:
        message = f"cannot read file: {exc.strerror}"
        raise DataError([Problem(shown, 1, 1, "", message, code="unreadable")]) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DataError([Problem(shown, 1, 1, "", "not a regular file", code="not-a-file")])
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        message = f"file is over {MAX_FILE_BYTES:,} bytes; a data file may be at most {MAX_FILE_BYTES:,}"
        raise DataError([Problem(shown, 1, 1, "", message, code="file-too-large")])
    return raw


SYMLINK = "symbolic link: data files must be real files in the repository (links are never followed)"


# The last parse of each file (by where it is: two handbooks in one process may hold a file of
# the same name and content, and a document let go reads its own file again), kept with the
# content it was parsed from: `mkdocs serve` reloads every data file on each rebuild, and
# usually only one of them has changed. (Documents are never modified, only let go.)
_PARSED: dict[str, tuple[bytes, Document]] = {}


def read_all(files: list[Path], root: Path) -> tuple[list[Document | None], list[Problem]]:
    """Read every file; a file that cannot be read is None, with its problems collected."""
    documents: list[Document | None] = []
    problems: list[Problem] = []
    for file in files:
        try:
            documents.append(read(file, root))
        except DataError as exc:
            documents.append(None)
            problems.extend(exc.problems)
    return documents, problems
