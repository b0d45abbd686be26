"""Every article's facts are findable in the built site, in both languages.

A sample of concrete facts from each of the five source articles, as a reader would search for
them; each must be in the Chinese search index and its English counterpart in the English one.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

FACTS = {
    "000 six-role project team": [
        ("项目经理", "Project Manager"),
        ("UI/UX", "UI/UX"),
        ("抗压", "pressure"),
        ("审美", "eye for design"),
        ("报告撰写", "Report writing"),
        ("竞品", "competitor"),
        ("原型", "prototype"),
        ("项目启动", "kick-off"),
    ],
    "001 departmental company": [
        ("测试组", "QA"),
        ("运维", "IT Operations"),
        ("审计", "audit"),
        ("数据工程师", "Data Engineer"),
        ("供应商", "supplier"),
        ("用户分群", "segment"),
        ("交易额", "Gross merchandise value"),
    ],
    "002 six steps of team management": [
        ("Jira", "Jira"),
        ("Trello", "Trello"),
        ("Shopify", "Shopify"),
        ("Magento", "Magento"),
        ("微服务", "microservice"),
        ("负载均衡", "load balanc"),
        ("SSL", "SSL"),
        ("ERP", "ERP"),
        ("满减", "spend-threshold"),
        ("口碑", "word of mouth"),
        ("全天候", "round-the-clock"),
        ("Google Analytics", "Google Analytics"),
        ("A/B", "A/B"),
        ("京东", "JD"),
    ],
    "003 building a team from zero": [
        ("损益", "P&L"),
        ("清关", "customs clearance"),
        ("最后一英里", "last mile"),
        ("SKU", "SKU"),
        ("CMS", "CMS"),
        ("承包商", "contractor"),
        ("入职", "onboarding"),
        ("联盟", "affiliate"),
        ("程序化", "programmatic"),
        ("聊天机器人", "chatbot"),
        ("库存助理", "Inventory Assistant"),
        ("孤岛", "silo"),
    ],
    "004 Taobao store": [
        ("直通车", "Zhitongche"),
        ("聚划算", "Juhuasuan"),
        ("秒杀", "flash sale"),
        ("周末购", "Weekend"),
        ("08:30", "08:30"),
        ("学习型", "learning team"),
        ("创新型", "innovative team"),
        ("精英", "elite team"),
        ("EDM", "EDM"),
        ("VIP", "VIP"),
        ("帮派", "Bangpai"),
        ("模特", "model"),
        ("VI", "Visual identity"),
        ("店长", "Store Manager"),
    ],
}


def corpus(site: Path, folder: str) -> str:
    index = json.loads((site / folder / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["title"] + " " + d["text"] for d in index["docs"])
    return html.unescape(text).replace("\u200b", "")


@pytest.mark.parametrize("article", FACTS)
def test_facts_of_each_article_are_searchable_in_both_languages(site: Path, article: str) -> None:
    zh, en = corpus(site, ""), corpus(site, "en").lower()
    missing = [(z, e) for z, e in FACTS[article] if z not in zh or e.lower() not in en]
    assert missing == [], f"{article}: not in the built site: {missing}"
