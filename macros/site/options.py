"""The plugin's options in mkdocs.yml (`plugins: - playbook: …`), checked by MkDocs."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class PlaybookConfig(Config):
    data_dir = opt.Type(str, default="data")
    templates_dir = opt.Type(str, default="_templates")
    default_language = opt.Type(str, default="zh")
