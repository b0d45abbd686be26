"""The site layer: the MkDocs plugin and everything that depends on the engine — editions built
in parallel, the live serve loop, post-processing and publishing of the built site. The only
layer that imports mkdocs."""
