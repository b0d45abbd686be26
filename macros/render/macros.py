"""The index macros the hand-written pages may call (`{{ role_index() }}`), and the template each
one renders. Read by the mkdocs-macros hook (macros/__init__.py) and by `tree.expand_macros`;
kept free of imports so `playbook check` loads no Jinja through it."""

from __future__ import annotations

INDEX_MACROS = {
    "role_index": "index-roles.md.j2",
    "department_index": "index-departments.md.j2",
    "template_index": "index-templates.md.j2",
    "process_index": "index-processes.md.j2",
    "glossary": "glossary.md.j2",
    "home_overview": "index-home.md.j2",
    "translation_coverage": "coverage.md.j2",
    "editor_notes": "editor-notes.md.j2",
}
