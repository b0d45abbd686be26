"""The one loader: `data/` → validated, cross-checked `Handbook`.

Every file is read and validated before anything fails, so one run reports every problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import check
from .errors import DataError, Problem
from .handbook import ENTITY, LAYOUT, Handbook, Source, field_label
from .messages import describe
from .yaml_reader import Document, Key, read_all


def discover(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (kind, file) for every YAML file under data/; unknown files are an error."""
    known: set[Path] = set()
    for kind, (pattern, _) in LAYOUT.items():
        for file in sorted(data_dir.glob(pattern)):
            known.add(file)
            yield kind, file
    strays = [f for f in sorted(data_dir.rglob("*.y*ml")) if f not in known]
    if strays:
        places = ", ".join(pattern for pattern, _ in LAYOUT.values())
        raise DataError(
            [
                Problem(
                    f.relative_to(data_dir.parent).as_posix(),
                    1,
                    1,
                    "",
                    f"not a known kind of data file (data files live at: {places})",
                )
                for f in strays
            ]
        )


def validate(kind: str, document: Document) -> tuple[BaseModel | None, list[Problem]]:
    """Check one document against its model; problems carry the document's line numbers."""
    model = LAYOUT[kind][1]
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line, column = document.where(loc)
            label = field_label(document.data, loc)
            problems.append(Problem(document.path, line, column, label, describe(error, model)))
        return None, problems


def load_handbook(data_dir: Path | str) -> Handbook:
    """Load, validate and cross-check every data file; raise DataError listing all problems."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 1, 1, "", "data directory not found")])
    found = list(discover(data_dir))
    documents = read_all([file for _, file in found], data_dir.parent)
    handbook, problems = Handbook(), []
    for (kind, _), document in zip(found, documents, strict=True):
        parsed, found_problems = validate(kind, document)
        problems.extend(found_problems)
        if parsed is not None:
            problems.extend(_collect(handbook, kind, parsed, document))
    if not problems:
        # References are checked once every file has the right shape: an entity that failed
        # validation would otherwise show up again as an "unknown id" everywhere it is used.
        problems.extend(check(handbook))
    if problems:
        raise DataError(problems)
    return handbook


def _collect(handbook: Handbook, kind: str, parsed: Any, document: Document) -> list[Problem]:
    """Add one file's entities to the handbook; a repeated id is reported, not overwritten."""
    single, attr = ENTITY[kind]
    table = getattr(handbook, attr)
    if kind in ("templates", "processes"):  # one entity per file
        entries: list[tuple[Any, Key]] = [(parsed, ())]
    else:
        entries = [(item, (attr, i)) for i, item in enumerate(getattr(parsed, attr))]
    problems = []
    for entity, loc in entries:
        source = Source(document, loc)
        twin = _same_id(handbook, single, entity.id)
        if twin is not None:
            problems.append(
                source.problem("id", f"duplicate id '{entity.id}' (already used at {twin.path}:{twin.line})")
            )
            continue
        table[entity.id] = entity
        handbook.sources[(single, entity.id)] = source
    return problems


def _same_id(handbook: Handbook, kind: str, ident: str) -> Source | None:
    # Roles and departments share one id space: a chart box or a reference names either.
    kinds = ("role", "department") if kind in ("role", "department") else (kind,)
    for k in kinds:
        if (k, ident) in handbook.sources:
            return handbook.sources[(k, ident)]
    return None
