"""The one loader: `data/` → validated, cross-checked `Handbook`.

Every file is read and validated before anything fails, and every layer that can still run after
a failure runs: a file that does not parse does not stop the others from being validated, an
entity with a bad field does not hide a duplicate id elsewhere, and references are checked even
when some entity is broken (its id still counts as known). One run reports every problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .characters import text_problems
from .checks import check
from .errors import DataError, Problem
from .handbook import LAYOUT, Handbook, Source, field_label
from .kinds import BOXES, BY_FILES
from .messages import code_of, describe, detail_of
from .yaml_reader import SYMLINK, Document, Key, read_all

# Data file names: lowercase letters, digits and single dashes, ending in .yaml. They become
# parts of edit links and reported paths, so nothing else is accepted.
SAFE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.yaml$")
# Where each kind's files are, as (folder, file name or None for any safe name).
_PLACES = {
    kind: (pattern.rpartition("/")[0], None if "*" in pattern else pattern)
    for kind, (pattern, _) in LAYOUT.items()
}


def ignored(name: str) -> bool:
    """Editor and OS files: hidden files (.#x.yaml, ._x.yaml, .DS_Store), backups (x.yaml~, #x#)."""
    return name.startswith(".") or name.endswith("~") or (name.startswith("#") and name.endswith("#"))


def scan(data_dir: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """Every data file under `data_dir` as (kind, file), in LAYOUT order, and the problems of
    the files that cannot be data: links, unsafe names, YAML files in no known place."""
    found: dict[str, list[Path]] = {kind: [] for kind in LAYOUT}
    problems: list[Problem] = []
    root = data_dir.parent

    def problem(path: Path, message: str, code: str) -> None:
        problems.append(Problem(_shown(path, root), 1, 1, "", message, code=code))

    for path, entry in _walk(data_dir):
        if entry.is_symlink():
            problem(path, SYMLINK, "symlink")
            continue
        if not entry.name.lower().endswith((".yaml", ".yml")):
            continue
        folder = path.parent.relative_to(data_dir).as_posix()
        folder = "" if folder == "." else folder
        kind = next(
            (k for k, (place, name) in _PLACES.items() if place == folder and name in (None, entry.name)),
            None,
        )
        if entry.is_dir(follow_symlinks=False):
            problem(path, "a folder, not a data file", "not-a-file")
        elif not entry.is_file(follow_symlinks=False):
            problem(path, "not a regular file", "not-a-file")
        elif kind is not None and SAFE_NAME.match(entry.name):
            found[kind].append(path)
        elif any(place == folder and name is None for place, name in _PLACES.values()):
            problem(
                path,
                "file name must be lowercase letters, digits and dashes, ending in .yaml "
                f"(e.g. '{_safe_name(entry.name)}')",
                "file-name",
            )
        else:
            places = ", ".join(pattern for pattern, _ in LAYOUT.values())
            problem(path, f"not a known kind of data file (data files live at: {places})", "unknown-file")
    return [(kind, file) for kind, files in found.items() for file in sorted(files)], problems


def _walk(folder: Path, depth: int = 0) -> Iterator[tuple[Path, os.DirEntry[str]]]:
    """Every entry under `folder`, never following a link; editor and OS files left out."""
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if ignored(entry.name):
                continue
            path = folder / entry.name
            is_dir = entry.is_dir(follow_symlinks=False)
            if is_dir and not entry.name.lower().endswith((".yaml", ".yml")):
                if depth < 8:
                    yield from _walk(path, depth + 1)
            else:
                yield path, entry


def _shown(path: Path, root: Path) -> str:
    """A path for a message, with any unprintable character written as an escape."""
    text = path.relative_to(root).as_posix()
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _safe_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0].lower()
    return (re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "new-file") + ".yaml"


def discover(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (kind, file) for every YAML file under data/; a file that cannot be data is an error."""
    found, problems = scan(data_dir)
    if problems:
        raise DataError(problems)
    yield from found


def validate(kind: str, document: Document) -> tuple[BaseModel | None, list[Problem]]:
    """Check one document against its model; problems carry the document's line numbers."""
    model = LAYOUT[kind][1]
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, located(exc, model, document)


def located(
    exc: ValidationError, model: type[BaseModel], document: Document, prefix: Key = ()
) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = (*prefix, *error["loc"])
        line, column = document.where(loc)
        label = field_label(document.data, loc)
        described = {**error, "loc": loc}
        message, code, detail = (
            describe(described, model),
            code_of(described, model),
            detail_of(described, model),
        )
        problems.append(Problem(document.path, line, column, label, message, code=code, detail=detail))
    return problems


def load_handbook(data_dir: Path | str) -> Handbook:
    """Load, validate and cross-check every data file; raise DataError listing all problems."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 1, 1, "", "data directory not found", code="no-data-dir")])
    found, problems = scan(data_dir)
    documents, unread = read_all([file for _, file in found], data_dir.parent)
    problems.extend(unread)
    handbook = Handbook()
    broken: dict[str, set[str]] = {}  # kind → ids of entities that failed validation
    for (kind, _), document in zip(found, documents, strict=True):
        if document is None:
            continue
        texts, parsed, found_problems = _checked(kind, document)
        problems.extend(texts)
        problems.extend(found_problems)
        entries = _entries(kind, parsed, document, found_problems)
        problems.extend(_collect(handbook, kind, entries, document, broken))
    # References are checked even when something failed: the ids of broken entities count as
    # known (so they are not reported again as unknown everywhere they are used), and when a
    # file could not be read at all, references are not checked (its ids are unknown).
    problems.extend(check(handbook, broken, references=not unread))
    if problems:
        raise DataError(problems)
    return handbook


# The checks of each document, kept with it: `mkdocs serve` loads every data file again on each
# rebuild, and `read` hands back the very same Document for a file that did not change, so only
# the changed file is validated again. (The models are frozen: two loads may share them.)
_CHECKED: dict[str, tuple[Document, str, tuple[list[Problem], BaseModel | None, list[Problem]]]] = {}


def _checked(kind: str, document: Document) -> tuple[list[Problem], BaseModel | None, list[Problem]]:
    """The text problems, validated model and validation problems of one document."""
    kept = _CHECKED.get(document.path)
    if kept is not None and kept[0] is document and kept[1] == kind:
        return kept[2]
    result = (text_problems(document), *validate(kind, document))
    _CHECKED[document.path] = (document, kind, result)
    return result


def _entries(kind: str, parsed: Any, document: Document, problems: list[Problem]) -> list[tuple[Any, Key]]:
    """The entities of one file: (validated entity or its raw mapping if it failed, location)."""
    attr = BY_FILES[kind].list_key  # None: one entity per file
    if parsed is not None:
        if attr is None:
            return [(parsed, ())]
        return [(item, (attr, i)) for i, item in enumerate(getattr(parsed, attr))]
    # The file failed: validate each item on its own, so good items still count.
    model = LAYOUT[kind][1]
    if attr is None:
        return [(document.data, ())] if isinstance(document.data, dict) else []
    items = document.data.get(attr) if isinstance(document.data, dict) else None
    if not isinstance(items, list):
        return []
    item_model = model.model_fields[attr].annotation.__args__[0]  # list[Role] → Role
    out: list[tuple[Any, Key]] = []
    for i, item in enumerate(items):
        try:
            out.append((item_model.model_validate(item), (attr, i)))
        except ValidationError:
            out.append((item, (attr, i)))
    return out


def _collect(
    handbook: Handbook,
    kind: str,
    entries: list[tuple[Any, Key]],
    document: Document,
    broken: dict[str, set[str]],
) -> list[Problem]:
    """Add one file's entities to the handbook; a repeated id is reported, not overwritten.
    An entity that failed validation (a raw mapping) only claims its id."""
    single = BY_FILES[kind].name
    table = handbook.table(single)
    problems = []
    for entity, loc in entries:
        valid = isinstance(entity, BaseModel)
        ident = entity.id if valid else entity.get("id") if isinstance(entity, dict) else None
        if not isinstance(ident, str):
            continue
        source = Source(document, loc)
        twin = _same_id(handbook, single, ident)
        if twin is not None:
            other, where = twin
            problems.append(
                source.problem(
                    "id",
                    f"duplicate id '{ident}' (already used by the {other} at {where.path}:{where.line})",
                    "duplicate-id",
                    (other,),
                )
            )
            continue
        handbook.sources[(single, ident)] = source
        if valid:
            table[ident] = entity
        else:
            broken.setdefault(single, set()).add(ident)
    return problems


def _same_id(handbook: Handbook, kind: str, ident: str) -> tuple[str, Source] | None:
    # Roles and departments share one id space: a chart box or a reference names either.
    kinds = BOXES if kind in BOXES else (kind,)
    for k in kinds:
        if (k, ident) in handbook.sources:
            return k, handbook.sources[(k, ident)]
    return None
