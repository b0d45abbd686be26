"""The render layer: pure functions from the model to Markdown/HTML — page templates, escaping,
glossary tooltips, Traditional conversion. No MkDocs."""
