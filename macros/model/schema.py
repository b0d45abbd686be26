"""The typed model of the handbook data: one class per kind of thing in `data/`.

Pydantic checks shapes and types (strictly: no silent coercion of numbers into text); meaning that
spans several files — references, cycles, duplicate ids — is checked in `checks.py`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, model_validator

from .languages import BY_CODE, DEFAULT, REGISTRY, WRITTEN, Language

LANGUAGES = WRITTEN  # the languages every text is written in (languages.py)
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Ids become page paths and anchors: bounded, so no path exceeds a file system's limits.
MAX_ID_LENGTH = 64
# Some character other than a space: a text of spaces only would show as nothing.
VISIBLE = r"\S"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=MAX_ID_LENGTH)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, pattern=VISIBLE, strip_whitespace=False)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-4]):[0-5]\d$")]
# The stages of a new hire's onboarding path, in order.
Stage = Literal["first-day", "first-week", "first-month"]
# Notes for the people who keep the handbook (what a source leaves open, what to check next):
# `playbook check` and the editors' page show them, reader pages never do. One language is
# enough: they are not part of the handbook's text.
EditorNotes = Annotated[list[NonEmpty], Field(default_factory=list)]


class CodedError(ValueError):
    """A validator's error with the problem code it is reported under (messages.code_of)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class TextBase(Model):
    """What every Text can do; its fields come from the registry of languages (below)."""

    def own(self, lang: str) -> str | None:
        """The text written in `lang` itself (None: a derived language the data leaves to
        conversion)."""
        return getattr(self, BY_CODE[lang].field)

    def get(self, lang: str) -> str:
        """The text in `lang`: its own, else (a derived language) its source language's; an
        unknown language reads as the default one."""
        language = BY_CODE.get(lang, BY_CODE[DEFAULT])
        own = getattr(self, language.field)
        return own if own is not None else self.get(language.derived_from or DEFAULT)


def _text_field(language: Language) -> tuple[Any, Any]:
    """A language's field of Text: required where it is written, else optional (converted)."""
    alias = language.code if language.code != language.field else None
    if language.written:
        return NonEmpty, Field(alias=alias)
    return NonEmpty | None, Field(default=None, alias=alias)


# A human-readable field in every language of the handbook: one field per language of the
# registry (zh, en, and zh-Hant under the Python name zh_hant).
Text = create_model(
    "Text",
    __base__=TextBase,
    __doc__="A human-readable field in every language of the handbook.",
    __module__=__name__,
    **{language.field: _text_field(language) for language in REGISTRY},
)


class Department(Model):
    id: Id
    name: Text
    aliases: list[Text] = []
    summary: Text
    head: Id | None = None
    duties: list[Text] = []
    editor_notes: EditorNotes


class OnboardingItem(Model):
    """Something a new hire in a role does at one stage, beyond what the handbook derives."""

    stage: Stage
    text: Text


class Role(Model):
    id: Id
    name: Text
    aliases: list[Text] = []
    department: Id | None = None
    kind: Literal["post", "team"] = "post"
    summary: Text
    duties: list[Text] = Field(min_length=1)
    skills: list[Text] = []
    kpis: list[Text] = []
    notes: list[Text] = []
    # What a job posting needs that the rest of the data does not say; shown only when given.
    location: Text | None = None
    employment_type: Literal["full-time", "part-time", "contract", "internship"] | None = None
    salary_range: Text | None = None
    onboarding: list[OnboardingItem] = []
    editor_notes: EditorNotes


class Principle(Model):
    name: Text
    text: Text


class Member(Model):
    """A box of an org chart: a role or a whole department, and whom it reports to."""

    # The same rule as _one_subject, for editors that check against the JSON Schema.
    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["role"]}, {"required": ["department"]}]}
    )

    role: Id | None = None
    department: Id | None = None
    reports_to: Id | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> Member:
        if (self.role is None) == (self.department is None):
            raise CodedError("box-subject", "give exactly one of 'role' or 'department'")
        return self

    @property
    def id(self) -> str:
        return self.role or self.department or ""


class Shift(Model):
    name: Text
    starts: ClockTime | None = None
    ends: ClockTime | None = None


class Rota(Model):
    department: Id
    opens: ClockTime
    closes: ClockTime
    shifts: list[Shift] = Field(min_length=1)
    editor_notes: EditorNotes

    @property
    def hours_online(self) -> float:
        """Hours online a day, from the opening and closing times (never stored beside them)."""
        return hours_between(self.opens, self.closes)


def minutes(clock: str) -> int:
    hours, _, mins = clock.partition(":")
    return int(hours) * 60 + int(mins)


def hours_between(start: str, end: str) -> float:
    """Hours from `start` to `end` (a span that passes midnight wraps round)."""
    return ((minutes(end) - minutes(start)) % (24 * 60) or 24 * 60) / 60


class Template(Model):
    """An org template: one way of shaping the team, as one source describes it."""

    id: Id
    name: Text
    summary: Text
    notes: list[Text] = []
    principles: list[Principle] = []
    members: list[Member] = Field(min_length=1)
    rota: Rota | None = None
    editor_notes: EditorNotes


class Action(Model):
    role: Id
    text: Text


class SubStep(Model):
    name: Text
    text: Text
    roles: list[Id] = []


class Raci(Model):
    """Who is responsible for, accountable for, consulted on and informed of a step, where a
    handbook's data says so (the seed articles only say who acts and who takes part)."""

    responsible: list[Id] = []
    accountable: list[Id] = []
    consulted: list[Id] = []
    informed: list[Id] = []

    def letters(self, role: str) -> list[str]:
        return [name for name in RACI if role in getattr(self, name)]

    def roles(self) -> list[str]:
        return [r for name in RACI for r in getattr(self, name)]


RACI = ("responsible", "accountable", "consulted", "informed")


class Step(Model):
    id: Id
    name: Text
    summary: Text
    actions: list[Action] = []
    substeps: list[SubStep] = []
    raci: Raci | None = None

    def owners(self) -> list[str]:
        """The roles with an action in this step (they own it), in order, once each."""
        return list(dict.fromkeys(action.role for action in self.actions))

    def roles(self) -> list[str]:
        """Every role this step involves: its owners, those named in its sub-steps, then those
        in its RACI letters."""
        named = [role for sub in self.substeps for role in sub.roles]
        raci = self.raci.roles() if self.raci is not None else []
        return list(dict.fromkeys([*self.owners(), *named, *raci]))


class Process(Model):
    id: Id
    name: Text
    summary: Text
    template: Id | None = None
    notes: list[Text] = []
    steps: list[Step] = Field(min_length=1)
    editor_notes: EditorNotes

    def applies_to(self, template: str) -> bool:
        """A process written for one org template applies to it alone; one without applies to all."""
        return self.template is None or self.template == template

    def owners(self) -> list[str]:
        """The roles with an action in some step, in order of first appearance."""
        return list(dict.fromkeys(role for step in self.steps for role in step.owners()))

    def roles(self) -> list[str]:
        """Every role some step involves (as an owner or in a sub-step), in order."""
        return list(dict.fromkeys(role for step in self.steps for role in step.roles()))


class Term(Model):
    id: Id
    term: Text
    abbr: NonEmpty | None = None
    # Other ways the term is written (成交额 for 交易额): they get the tooltip too.
    aliases: list[Text] = []
    # Its reading, for ordering the Chinese glossary, where the computed one is wrong (长尾).
    pinyin: Annotated[str, StringConstraints(pattern=r"^[a-z]+( [a-z]+)*$")] | None = None
    definition: Text
    editor_notes: EditorNotes


class DepartmentsFile(Model):
    departments: list[Department]


class RolesFile(Model):
    roles: list[Role]


class GlossaryFile(Model):
    terms: list[Term]
