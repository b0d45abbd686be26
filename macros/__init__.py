"""playbook: an e-commerce team handbook generated from YAML.

`define_env` is the hook of mkdocs-macros-plugin (`module_name: macros`): it exposes the index
macros the hand-written pages call. The data itself is loaded once per build by the `playbook`
MkDocs plugin (macros/site/plugin.py), which these macros only read from.
"""

from __future__ import annotations

from typing import Any

from .render.macros import INDEX_MACROS  # the index macros and the template of each

__all__ = ["INDEX_MACROS", "define_env"]


def define_env(env: Any) -> None:
    """Register the index macros; each renders for the language and location of its page."""
    plugin = env.conf.plugins["playbook"]

    def make(template: str):
        def macro() -> str:
            file = env.page.file
            lang = getattr(file, "locale", None) or plugin.config.default_language
            return plugin.content.renderer.render(template, lang, file.src_uri)

        macro.__doc__ = f"Render {template} for the current page."
        return macro

    for name, template in INDEX_MACROS.items():
        env.macro(make(template), name)
