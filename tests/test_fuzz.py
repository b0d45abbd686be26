"""Property tests: whatever text a data file holds, the loader answers with DataError or data.

Random YAML-like text, mutations of the real data files, and random well-formed documents run
through the whole pipeline (parse, validate, cross-check); nothing else may escape. The example
counts keep the file to a few seconds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import macros.model.yaml_reader as load
from macros.model.errors import DataError, Problem
from macros.model.handbook import LAYOUT
from macros.model.loader import load_handbook, validate

from .conftest import ROOT
from .minimal import FILES, write_handbook

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters that mean something to YAML, plus some text, Chinese and control characters.
YAML_CHARS = st.sampled_from(list(" \n\t-:?[]{},&*!|>'\"#%@`~=<\\.0123456789abcxyz店长\x00\x85\ufeff"))
KINDS = sorted(LAYOUT)
REAL = sorted((ROOT / "data").rglob("*.yaml"))
PYDANTIC_WORDING = ("Input should", "Value error", "Field required", "Extra inputs")


def pipeline(text: str, kind: str) -> None:
    """Parse `text` as a file of `kind` and validate it: DataError is the only failure allowed,
    and every problem is located in the file and said in our words."""
    try:
        document = load.parse(text, f"data/{kind}.yaml")
    except DataError as exc:
        assert exc.problems
        check_messages(exc.problems, kind)
        return
    parsed, problems = validate(kind, document)
    assert (parsed is None) == bool(problems)
    check_messages(problems, kind)


def check_messages(problems: list[Problem], kind: str) -> None:
    for problem in problems:
        assert problem.path == f"data/{kind}.yaml", problem
        assert problem.line >= 1 and problem.column >= 1, problem
        # pydantic's own wording ("Input should be …") means a case messages.describe misses
        assert problem.message and not problem.message.startswith(PYDANTIC_WORDING), problem
        assert str(problem).startswith(f"data/{kind}.yaml:{problem.line}:{problem.column}: "), problem
        assert problem.code, f"no problem code: {problem}"  # hints and tests key on it


@FAST
@given(st.text(YAML_CHARS, max_size=300), st.sampled_from(KINDS))
# Inputs that once escaped as ValueError, ConstructorError or RecursionError:
@example("terms: 2020-13-45", "glossary")
@example("id: !!int abc", "templates")
@example("id: !custom x", "templates")
@example("roles: " + "1" * 5000, "roles")
@example("[" * 100_000, "departments")
@example("- " * 50_000, "processes")
@example("{a: " * 30_000, "glossary")
def test_random_text_only_ever_raises_data_error(text: str, kind: str) -> None:
    pipeline(text, kind)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    """A real data file with a few characters inserted, deleted or replaced."""
    file = draw(st.sampled_from(REAL))
    text = file.read_text(encoding="utf-8")[:3000]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.text(YAML_CHARS, min_size=1, max_size=3))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    kind = next(k for k in KINDS if file.match(LAYOUT[k][0]))
    return text, kind


@FAST
@given(mutated())
def test_mutated_real_files_only_ever_raise_data_error(case: tuple[str, str]) -> None:
    pipeline(*case)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(YAML_CHARS, max_size=8),
    st.sampled_from(["ops", "ops-manager", "08:30", "zh", "en"]),
)
keys = st.sampled_from(
    [
        "id",
        "name",
        "zh",
        "en",
        "roles",
        "departments",
        "terms",
        "members",
        "role",
        "reports_to",
        "duties",
        "steps",
        "summary",
        "department",
        "x",
    ]
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=20,
)


@FAST
@given(documents, st.sampled_from(KINDS))
def test_random_documents_are_refused_with_located_messages(data: object, kind: str) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    pipeline(text, kind)


@settings(max_examples=60, deadline=None)
@given(documents)
def test_fast_and_careful_parsers_agree(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)
    fast = load._fast(text, "x.yaml")
    careful = load.parse_carefully(text, "x.yaml")
    assert fast is not None
    assert (fast.data, fast.positions) == (careful.data, careful.positions)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FILES)), st.data())
def test_whole_handbook_with_one_mutated_file(name: str, data: st.DataObject) -> None:
    text = FILES[name]
    at = data.draw(st.integers(0, len(text)))
    text = text[:at] + data.draw(st.text(YAML_CHARS, min_size=1, max_size=4)) + text[at:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_handbook(Path(tmp), **{name.removesuffix(".yaml").replace("/", "__"): text})
        try:
            load_handbook(folder)
        except DataError as exc:
            assert exc.problems and all(str(p).startswith("data/") for p in exc.problems)
            for problem in exc.problems:
                assert problem.line >= 1 and problem.message, problem
                assert not problem.message.startswith(PYDANTIC_WORDING), problem
                assert problem.code, f"no problem code: {problem}"
