"""playbook: an e-commerce team handbook generated from YAML.

`define_env` is the hook of mkdocs-macros-plugin (`module_name: macros`): it exposes the index
macros the hand-written pages call. The data itself is loaded once per build by the `playbook`
MkDocs plugin (macros/site/plugin.py), which these macros only read from.
"""

from __future__ import annotations

from typing import Any

# Index macros the hand-written pages may call, and the template each one renders.
INDEX_MACROS = {
    "role_index": "index-roles.md.j2",
    "department_index": "index-departments.md.j2",
    "template_index": "index-templates.md.j2",
    "process_index": "index-processes.md.j2",
    "glossary": "glossary.md.j2",
    "home_overview": "index-home.md.j2",
    "translation_coverage": "coverage.md.j2",
}


def define_env(env: Any) -> None:
    """Register the index macros; each renders for the language and location of its page."""
    plugin = env.conf.plugins["playbook"]

    def make(template: str):
        def macro() -> str:
            file = env.page.file
            lang = getattr(file, "locale", None) or plugin.default_language
            return plugin.renderer.render(template, lang, file.src_uri)

        macro.__doc__ = f"Render {template} for the current page."
        return macro

    for name, template in INDEX_MACROS.items():
        env.macro(make(template), name)
