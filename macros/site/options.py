"""The plugin's options in mkdocs.yml (`plugins: - playbook: {…}`), checked by MkDocs when it
reads the file, each with MkDocs' own `Config value …: expected …` message. Any of them may be
read from the environment with MkDocs' `!ENV` tag, e.g. `jobs: !ENV [BUILD_JOBS, 2]`."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config, ValidationError

from ..model.languages import DEFAULT, DERIVED
from ..render.hant import VARIANTS
from .editions import EditionsError, parse_jobs


class Jobs(opt.BaseConfigOption[int]):
    """A whole number of further editions to build at once in child processes (0: one after
    another in the building process)."""

    def run_validation(self, value: object) -> int:
        try:
            return parse_jobs(value, "jobs")
        except EditionsError as exc:
            raise ValidationError(str(exc)) from None


class Conversions(opt.DictOfItems):
    """`{locale: variant}`: the OpenCC variant a derived edition is converted with, where the
    site wants another than its registry entry's (model/languages.py)."""

    def __init__(self) -> None:
        super().__init__(opt.Choice(VARIANTS), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        chosen = super().run_validation(value)
        unknown = [locale for locale in chosen if locale not in DERIVED]
        if unknown:
            raise ValidationError(
                f"{unknown[0]!r} is not a derived language (expected one of: {', '.join(DERIVED)})"
            )
        return chosen


class PlaybookConfig(Config):
    # The data files (relative to mkdocs.yml); must exist.
    data_dir = opt.Dir(exists=True, default="data")
    # The page templates and labels, inside docs_dir.
    templates_dir = opt.Type(str, default="_templates")
    # Must be mkdocs-static-i18n's `default: true` language (checked in on_config).
    default_language = opt.Type(str, default=DEFAULT)
    # Unset: PLAYBOOK_JOBS, else one child per core (editions.job_count).
    jobs = opt.Optional(Jobs())
    # How a derived edition is converted, where not as its registry entry says
    # (macros/render/hant.py): {zh-Hant: s2twp}; a variant is s2tw, s2t, s2twp or s2hk.
    conversions = Conversions()
    # The option of the days when zh-Hant was the only derived edition: mkdocs.yml files that
    # still set it keep working, with a warning saying what to write instead.
    hant_variant = opt.Deprecated(moved_to="conversions.zh-Hant")
    # Each role's job posting (roles/<id>/job/) and onboarding path (roles/<id>/onboarding/).
    hiring_pages = opt.Type(bool, default=True)
