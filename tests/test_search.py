"""Search finds what a reader means: a table of queries per edition and the result that must
come first, put into the real search box in headless Chromium — served over loopback and from
the unzipped offline bundle (file://) — and read from the result list the page draws. One build
of each, shared with the other tests; one browser tab, each start page opened once and all of
its queries asked there in one go."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# (edition folder, query, the entry that must come first, entries that must follow in the first
# five results). Locations as served; the bundle's are the same pages as .html files.
QUERIES = {
    "": [
        ("直通车", "glossary/#zhitongche", []),
        ("用户分群", "glossary/#user-segmentation", ["roles/growth-team/"]),
        ("库存助理", "roles/inventory-assistants/", ["roles/inventory-manager/"]),
        ("客单价", "glossary/#average-order-value", []),
        ("AOV", "glossary/#average-order-value", []),
        ("GMV", "glossary/#gmv", []),
        ("P&L", "glossary/#profit-and-loss", ["roles/ecommerce-director/"]),
        ("损益表", "glossary/#profit-and-loss", ["roles/ecommerce-director/"]),
        ("A/B测试", "glossary/#ab-test", []),
        ("电商主管", "roles/ecommerce-director/", []),  # an alias
        ("视觉部", "departments/visual-design/", []),  # a department's alias
        ("Store Manager", "roles/store-manager/", []),  # a role typed in English
    ],
    "en/": [
        ("P&L", "en/glossary/#profit-and-loss", ["en/roles/ecommerce-director/"]),
        ("profit and loss", "en/glossary/#profit-and-loss", ["en/roles/ecommerce-director/"]),
        ("AOV", "en/glossary/#average-order-value", []),
        ("average order value", "en/glossary/#average-order-value", []),
        ("Visual Team", "en/departments/visual-design/", []),  # a department's alias
        ("GMV", "en/glossary/#gmv", []),
        ("Zhitongche", "en/glossary/#zhitongche", []),
        ("A/B", "en/glossary/#ab-test", []),
        ("UX", "en/roles/ux-designer/", ["en/glossary/#ui-ux"]),
        ("inventory assistants", "en/roles/inventory-assistants/", []),
        ("Head of E-commerce", "en/roles/ecommerce-director/", []),  # an alias
        ("customer segmentation", "en/glossary/#user-segmentation", []),
    ],
    "zh-Hant/": [
        ("直通車", "zh-Hant/glossary/#zhitongche", []),
        ("用戶分群", "zh-Hant/glossary/#user-segmentation", ["zh-Hant/roles/growth-team/"]),
        ("庫存助理", "zh-Hant/roles/inventory-assistants/", []),
        ("客單價", "zh-Hant/glossary/#average-order-value", []),
        ("損益表", "zh-Hant/glossary/#profit-and-loss", ["zh-Hant/roles/ecommerce-director/"]),
        ("數據分析部", "zh-Hant/departments/data-analysis/", []),  # Traditional characters, mainland wording
        ("电商主管", "zh-Hant/roles/ecommerce-director/", []),  # typed in Simplified
    ],
}

# More queries for the served site, asked on the same pages as the table (start page → queries):
# words found only in a page's body, and a query from a page deep inside the English edition.
ALSO = {
    "": ("天猫", "客单价"),
    "en/": ("delist",),
    "en/roles/logistics-manager/": ("insurance",),
}

# Each query put into Material's search box in turn, and what the page draws read, all in the page
# (a round trip from Python per step cost more than the searches). Material
# (components/search/query) opens the search when the box takes focus and hands the box's value to
# its worker on keyup; each answer of the worker rewrites the result line (".md-search-result__meta":
# "3 matching documents", "No matching documents", …) and redraws the list, in one go. So: focus,
# wait for the line to read the placeholder (the worker is ready and has answered the empty box),
# then for each query set the value at once (as a paste or an IME's commit enters it), send the
# keyup of a reader's next key press, and read the list once the line is rewritten. One query at a
# time, each after the last one's answer: the worker searches only the last query of a burst
# (macros/site/search-query.js), and these never make one. Each result group as [[score, link]],
# best group first, its page first; the link without the highlight query.
ASK = """async ({queries, wait}) => {
  const box = document.querySelector('input.md-search__input');
  const line = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  if (!box || !line || !list) return {error: 'the page has no search box'};
  const placeholder = JSON.parse(document.getElementById('__config').textContent)
    .translations['search.result.placeholder'];
  const said = () => line.textContent.trim();
  // true once the result line is rewritten and `done()` holds; false after `wait` ms
  const rewritten = (done = () => true) => new Promise(resolve => {
    const seen = new MutationObserver(() => {
      if (!done()) return;
      seen.disconnect();
      clearTimeout(timer);
      resolve(true);
    });
    const timer = setTimeout(() => { seen.disconnect(); resolve(false); }, wait);
    seen.observe(line, {childList: true, characterData: true, subtree: true});
  });
  const drawn = () => [...list.querySelectorAll('.md-search-result__item')].map(item =>
    [...item.querySelectorAll('a.md-search-result__link')].map(a => {
      const url = new URL(a.href);
      return [parseFloat(a.querySelector('article').dataset.mdScore), url.pathname + url.hash];
    }));
  box.focus();
  if (said() !== placeholder && !(await rewritten(() => said() === placeholder)))
    return {error: `search was not ready after ${wait} ms (its line says ${JSON.stringify(said())})`};
  const answers = {};
  for (const query of queries) {
    const answered = rewritten();
    box.value = query;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
    if (!(await answered)) return {error: `no answer to ${JSON.stringify(query)} after ${wait} ms`};
    answers[query] = {groups: drawn(), line: said()};
  }
  return {answers};
}"""

Group = list[tuple[float, str]]


@dataclass(frozen=True)
class Answer:
    groups: list[Group]  # as drawn: best group first, each group's page first
    line: str  # the result line above them ("3 matching documents")


def leaves(url: str, start: str) -> bool:
    """A request the page at `start` makes goes elsewhere than where the page came from."""
    if start.startswith("file:"):  # blob: URLs are made in memory by the page (the worker's code)
        return not url.startswith(("file://", "blob:"))
    return url.split("/")[2] != start.split("/")[2]


def ask(tab, start: str, queries: Iterable[str]) -> dict[str, Answer]:
    """Open `start` in `tab` and put each query into its search box in turn; the answers."""
    outside: list[str] = []

    def note(request) -> None:
        if leaves(request.url, start):
            outside.append(request.url)

    tab.on("request", note)
    try:
        tab.goto(start)
        asked = tab.evaluate(ASK, {"queries": list(dict.fromkeys(queries)), "wait": 10_000})
    finally:
        tab.remove_listener("request", note)
    if "error" in asked:
        pytest.fail(f"{start}: {asked['error']}")
    assert outside == [], f"requests left the site: {outside}"
    return {
        query: Answer(
            [[(score, link) for score, link in group] for group in answer["groups"]], answer["line"]
        )
        for query, answer in asked["answers"].items()
    }


def ranked(groups: list[Group]) -> list[str]:
    """The results in the order a reader meets them: each group's best-scoring entry."""
    return [max(group)[1] for group in groups]


def matches(found: str, want: str) -> bool:
    """A result is the expected page, or the very entry where the expectation names one (#)."""
    return found == want if "#" in want else found.partition("#")[0] == want


def judge(answers: dict[str, Answer], edition: str, to_link: Callable[[str], str]) -> list[str]:
    """Every query of `edition`'s table that does not find what it should, and what it found."""
    failures = []
    for query, first, also in QUERIES[edition]:
        answer = answers[query]
        found = ranked(answer.groups)
        expected = [to_link(first), *(to_link(link) for link in also)]
        first_five = found[:5]
        if (
            not found
            or not matches(found[0], expected[0])
            or not all(any(matches(link, want) for link in first_five) for want in expected[1:])
        ):
            failures.append(f"{query!r}: expected {expected}, got {first_five or f'nothing ({answer.line})'}")
    return failures


@pytest.fixture(scope="module")
def tab(browser) -> Iterator[object]:
    """One tab for the module's searches: each start page is a new document (and search worker)
    in it; a new tab for each cost more than its page."""
    tab = browser.new_page()
    yield tab
    tab.close()


def served_root(served: str) -> str:
    return "/" + served.split("/", 3)[3]


@pytest.fixture(scope="module")
def served_answers(tab, served: str) -> Callable[[str], dict[str, Answer]]:
    """The answers on the served page at `path` (an edition's home, or one ALSO names) to its
    table's and ALSO's queries: each page opened and asked once."""
    asked: dict[str, dict[str, Answer]] = {}

    def answers(path: str) -> dict[str, Answer]:
        if path not in asked:
            table = [query for query, _, _ in QUERIES.get(path, ())]
            asked[path] = ask(tab, served + path, [*table, *ALSO.get(path, ())])
        return asked[path]

    return answers


@pytest.mark.parametrize("edition", list(QUERIES))
def test_queries_find_the_page_they_mean_served(served_answers, served: str, edition: str) -> None:
    root = served_root(served)
    failures = judge(served_answers(edition), edition, lambda link: root + link)
    assert not failures, "\n".join(failures)


def bundle_link(root: Path, link: str) -> str:
    """A served location as the bundle has it: roles/x/ → roles/x.html, en/ → en/index.html."""
    path, _, anchor = link.partition("#")
    path = f"{path}index.html" if path in QUERIES else f"{path.rstrip('/')}.html"
    return (root / path).as_uri().removeprefix("file://") + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("edition", list(QUERIES))
def test_queries_find_the_page_they_mean_offline(tab, unzipped: Path, edition: str) -> None:
    start = (unzipped / edition / "index.html").as_uri()
    answers = ask(tab, start, [query for query, _, _ in QUERIES[edition]])
    failures = judge(answers, edition, lambda link: bundle_link(unzipped, link))
    assert not failures, "\n".join(failures)


def pages(served_answers, served: str, path: str, query: str) -> list[str]:
    """The pages `query` finds on the served page `path`, as shown (each group's first link),
    relative to the site's root."""
    root = served_root(served)
    groups = served_answers(path)[query].groups
    return [group[0][1].partition("#")[0].removeprefix(root) for group in groups]


def test_chinese_body_word_finds_its_page_on_chinese_pages(served_answers, served: str) -> None:
    # 天猫 (Tmall) appears only in the body of the e-commerce operations specialist's duties.
    results = pages(served_answers, served, "", "天猫")
    assert "roles/ecommerce-operations-specialist/" in results
    assert not [r for r in results if r.startswith("en/")], "Chinese pages got English results"


def test_chinese_trade_term_is_one_search_word(served_answers, served: str) -> None:
    results = pages(served_answers, served, "", "客单价")
    assert "roles/ecommerce-operations-specialist/" in results


def test_english_body_word_finds_its_page_on_english_pages(served_answers, served: str) -> None:
    # "delist" appears only in the body of the e-commerce operations specialist's duties.
    results = pages(served_answers, served, "en/", "delist")
    assert results and results[0] == "en/roles/ecommerce-operations-specialist/"


def test_english_results_stay_english(served_answers, served: str) -> None:
    results = pages(served_answers, served, "en/roles/logistics-manager/", "insurance")
    assert "en/roles/logistics-manager/" in results
    assert all(r.startswith("en/") for r in results), results
