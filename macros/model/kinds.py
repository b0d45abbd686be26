"""The registry of kinds of data: for each, where its files live under data/, the model a file
must match, the name of one entity, the Handbook table holding them, the key of their list in a
file, the folder of their pages on the site, the label that names the kind on pages and the
title of its JSON schema.

Adding a kind is one entry here (and its model in schema.py, its page template and its labels):
the loader, the Handbook's tables, coverage, editors' notes, the changelog, the page renderer,
the site's tabs, `playbook new` and `playbook schema` all read this table instead of keeping
lists of their own (tests/test_registries.py adds a kind and a language to show it).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from . import schema


@dataclass(frozen=True)
class Kind:
    files: str  # its name as a kind of data file (the key of its JSON schema file)
    pattern: str  # its files under data/
    model: type[BaseModel]  # what one file must match
    name: str  # one entity, in messages and Handbook.sources (role)
    table: str  # the Handbook attribute holding its entities by id (roles)
    list_key: str | None  # the key of the entity list in a file; None: one entity per file
    folder: str | None  # its pages' folder on the site; None: no page per entity
    title: str  # the key in labels.yaml of what pages call the kind (section headings, crumbs)
    schema_title: str  # the title of its JSON schema, shown by editors
    name_field: str = "name"  # the Text field that names one entity (a glossary term: `term`)


KINDS = (
    Kind(
        "departments",
        "departments.yaml",
        schema.DepartmentsFile,
        "department",
        "departments",
        "departments",
        "departments",
        "print_departments",
        "playbook departments file (data/departments.yaml)",
    ),
    Kind(
        "roles",
        "roles/*.yaml",
        schema.RolesFile,
        "role",
        "roles",
        "roles",
        "roles",
        "print_roles",
        "playbook roles file (data/roles/*.yaml)",
    ),
    Kind(
        "templates",
        "templates/*.yaml",
        schema.Template,
        "template",
        "templates",
        None,
        "org-templates",
        "print_templates",
        "playbook org template (data/templates/*.yaml)",
    ),
    Kind(
        "processes",
        "processes/*.yaml",
        schema.Process,
        "process",
        "processes",
        None,
        "processes",
        "print_processes",
        "playbook process (data/processes/*.yaml)",
    ),
    Kind(
        "glossary",
        "glossary.yaml",
        schema.GlossaryFile,
        "term",
        "terms",
        "terms",
        None,
        "print_glossary",
        "playbook glossary (data/glossary.yaml)",
        name_field="term",
    ),
)
BY_FILES = {kind.files: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}
BY_TABLE = {kind.table: kind for kind in KINDS}
FOLDERS = {kind.name: kind.folder for kind in KINDS if kind.folder}  # entity name → page folder
# The kinds a chart box or a reference may name: they share one set of ids, so `ops` is either a
# role or a department, never both (a domain rule of the org charts, not a list of every kind).
BOXES = ("role", "department")
