"""A small valid handbook, written file by file, for tests that break one thing at a time."""

from __future__ import annotations

from pathlib import Path

FILES = {
    "departments.yaml": """\
departments:
  - id: ops
    name: {zh: 运营部, en: Operations}
    summary: {zh: 负责日常运营, en: Runs the business day to day}
    head: ops-manager
""",
    "roles/ops.yaml": """\
roles:
  - id: ops-manager
    name: {zh: 运营经理, en: Operations Manager}
    department: ops
    summary: {zh: 带领运营部, en: Leads operations}
    duties:
      - {zh: 制定运营计划, en: Sets the operating plan}
  - id: ops-assistant
    name: {zh: 运营助理, en: Operations Assistant}
    department: ops
    summary: {zh: 协助运营, en: Supports operations}
    duties:
      - {zh: 上架商品, en: Lists products}
""",
    "templates/small-team.yaml": """\
id: small-team
name: {zh: 小团队, en: Small team}
summary: {zh: 两个人的团队, en: A team of two}
members:
  - role: ops-manager
  - role: ops-assistant
    reports_to: ops-manager
""",
    "processes/launch.yaml": """\
id: launch
name: {zh: 上新, en: Product launch}
summary: {zh: 新品上架流程, en: How a new product goes live}
template: small-team
steps:
  - id: list
    name: {zh: 上架, en: List it}
    summary: {zh: 把商品放上店铺, en: Put the product in the store}
    actions:
      - role: ops-assistant
        text: {zh: 完成上架, en: Creates the listing}
""",
    "glossary.yaml": """\
terms:
  - id: sku
    term: {zh: 库存单位, en: Stock keeping unit}
    abbr: SKU
    definition: {zh: 商品的最小库存编号, en: The smallest unit a product is stocked and sold in}
""",
}


def write_handbook(root: Path, **changes: str | None) -> Path:
    """Write the minimal handbook under root/data; `changes` maps a file (`roles__ops` for
    roles/ops.yaml) to new
    text, or to None to leave that file out."""
    data = root / "data"
    files = dict(FILES)
    for key, text in changes.items():
        name = key.replace("__", "/") + ".yaml"
        if text is None:
            files.pop(name, None)
        else:
            files[name] = text
    for name, text in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return data


def write_project(dest: Path) -> Path:
    """The real project (mkdocs.yml, pages, theme overrides) over the minimal handbook: a real
    build that takes a fraction of the full handbook's time, for tests of the build itself."""
    import shutil

    from .conftest import copy_project

    project = copy_project(dest)
    shutil.rmtree(project / "data")
    write_handbook(project)
    return project
