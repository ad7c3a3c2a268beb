"""The review page in a real browser: Debian's chromium, headless, driven by selenium through chromedriver.

Skipped, with the reason, where selenium, chromium or chromium-driver is missing (``.ci/run``
installs the two with apt where it can). The browser runs from the local files only: the driver's
path is given, so selenium never looks for one on the network.
"""

from __future__ import annotations

import shutil

import pytest

import cleaner
from cleaner.report import ReportWriter
from conftest import seed_pairs

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

ARABIC = ("قال وزير الخارجية يوم الثلاثاء إن المحادثات مع الجانب المصري كانت مثمرة وبناءة، وإن البلدين اتفقا على "
          "توسيع التعاون في مجالات التجارة والطاقة والنقل خلال العام المقبل.\n"
          "وأضاف الوزير في مؤتمر صحفي مشترك أن الجانبين ناقشا أيضا الأوضاع الإقليمية وسبل دعم الاستقرار في المنطقة، "
          "مؤكدا أهمية الحوار المستمر بين البلدين.\n"
          "© 2024 جميع الحقوق محفوظة\n")
CHINESE = ("新华社北京12月5日电 国务院新闻办公室今天举行新闻发布会，介绍今年前十一个月的经济运行情况，有关负责人表示，"
           "主要指标总体平稳，就业和物价保持稳定。\n"
           "发布会上，有关负责人还回答了记者关于外贸、消费和投资的提问，并表示将继续推动高质量发展，稳定市场预期。\n"
           "© 2024 新华网 版权所有\n")
HOSTILE = ("Also read: <script>window.pwned = 1</script>\n"
           "The council said on Tuesday that it would publish the plans <img src=x onerror=\"window.pwned = 2\"> "
           "</script><!-- for the new bridge next month, after a consultation that drew thousands of replies.\n")
TEXTS = {name: text for name, text, _ in seed_pairs()} | {"arabic": ARABIC, "chinese": CHINESE, "hostile": HOSTILE}
NAMES = list(TEXTS)
RULES = {rule.id: rule for rule in cleaner.Cleaner().rules.rules}
RESULTS = {name: cleaner.explain(text) for name, text in TEXTS.items()}


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("report") / "review.html"
    cleaner.report((TEXTS[name], RESULTS[name]) for name in NAMES).save(path)
    return path.as_uri()


def errors(browser) -> list[str]:
    """The console's errors since the last call (the log is read once)."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def go(browser, url: str, view: str = "") -> None:
    browser.get(f"{url}#{view}")
    browser.execute_script("if (location.hash !== arguments[0]) { location.hash = arguments[0]; }", f"#{view}")
    routed(browser)


def routed(browser) -> None:
    """Wait until the page shows what its address names: it routes on ``hashchange``, which comes later."""
    WebDriverWait(browser, 10).until(lambda _: browser.execute_script("""
        const hash = decodeURIComponent(location.hash.slice(1));
        const view = document.getElementById('acr-view');
        const open = /^d(\\d+)(?:-L(\\d+))?$/.exec(hash);
        if (open) {
            if (view.hidden || !view.querySelector('h2[id="d' + open[1] + '-h"]')) return false;
            const row = open[2] && view.querySelector('.acr-lines').children[open[2] - 1];
            const cut = row && row.querySelector('del');
            return !cut || document.activeElement === cut;
        }
        if (hash.startsWith('rule=')) {
            const heading = view.querySelector('h2');
            return !view.hidden && heading !== null && heading.textContent.startsWith(hash.slice(5) + ':');
        }
        return !document.getElementById('acr-index').hidden;"""))


def struck(browser) -> list[tuple[int, str]]:
    """Every element drawn struck through in the open view: its line's number, and its text."""
    return [tuple(pair) for pair in browser.execute_script("""
        return Array.from(document.querySelectorAll('#acr-view *'))
            .filter(e => getComputedStyle(e).textDecorationLine.includes('line-through'))
            .map(e => [Array.from(e.closest('ol').children).indexOf(e.closest('li')) + 1, e.textContent]);""")]


def line(browser, number: int):
    """The open document's removed text on a line."""
    return browser.find_element(By.CSS_SELECTOR, f"#acr-view .acr-lines > li:nth-child({number}) del")


def explanation(browser, cut) -> str | None:
    """What hovering or focus shows for a removed line: None while hidden."""
    return browser.execute_script("""
        const after = getComputedStyle(arguments[0], '::after');
        return after.display === 'none' ? null : after.content;""", cut)


def line_texts(browser, within: str = "#acr-view") -> list[str]:
    """The text of each (not blank) line as the page holds it."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' .acr-lines p')).map(p => p.textContent)", within)


def test_the_console_log_is_read(browser, corpus_page):
    """The check below can fail: an error the page throws reaches the log the tests read."""
    go(browser, corpus_page)
    errors(browser)
    browser.execute_script("setTimeout(() => { throw new Error('thrown on purpose'); });")
    browser.find_element(By.TAG_NAME, "body")
    assert any("thrown on purpose" in message for message in errors(browser))


def test_every_view_opens_without_console_errors(browser, corpus_page):
    go(browser, corpus_page)
    views = [""] + [f"d{k}" for k in range(len(NAMES))]
    views += [f"rule={key}" for key in sorted({k for r in RESULTS.values() for k in r.counts()})]
    for view in views:
        go(browser, corpus_page, view)
        assert browser.find_element(By.CSS_SELECTOR, "#acr-view h2" if view else "#acr-index h2").is_displayed()
    assert errors(browser) == []


@pytest.mark.parametrize("k", range(len(NAMES)), ids=NAMES)
def test_the_struck_through_lines_are_exactly_the_removed_ones(browser, corpus_page, k):
    go(browser, corpus_page, f"d{k}")
    removed = RESULTS[NAMES[k]].removed
    assert struck(browser) == [(removal.line, removal.text) for removal in removed]


def test_hover_and_focus_name_the_rule(browser, corpus_page):
    k = NAMES.index("004_00799555a65d6284")
    go(browser, corpus_page, f"d{k}")
    cut = line(browser, 5)
    assert explanation(browser, cut) is None
    ActionChains(browser).move_to_element(cut).perform()
    assert explanation(browser, cut) == f'"LK101 also-read-link: {RULES["LK101"].description}"'
    ActionChains(browser).move_to_element(browser.find_element(By.TAG_NAME, "h1")).perform()
    assert explanation(browser, cut) is None
    last = browser.find_elements(By.CSS_SELECTOR, "#acr-view del")[-1]
    browser.execute_script("arguments[0].focus()", last)
    said = explanation(browser, last)
    assert said.startswith('"CM101 comments-header: ') and said.endswith(' (section from line 31)"')


def test_a_script_in_a_text_is_shown_as_text_and_runs_nothing(browser, corpus_page, tmp_path):
    k = NAMES.index("hostile")
    go(browser, corpus_page, f"d{k}")
    assert line_texts(browser) == HOSTILE.splitlines()
    assert browser.find_elements(By.CSS_SELECTOR, "#acr-view script, #acr-view img") == []
    assert browser.execute_script("return window.pwned") is None
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><meta charset='utf-8'>{RESULTS['hostile']._repr_html_()}", encoding="utf-8")
    browser.get(notebook.as_uri())
    assert line_texts(browser, ".acr") == HOSTILE.splitlines()
    assert browser.find_elements(By.CSS_SELECTOR, ".acr script, .acr img") == []
    assert browser.execute_script("return window.pwned") is None
    assert errors(browser) == []


def test_keys_move_between_removals_and_documents(browser, corpus_page):
    k = NAMES.index("004_00799555a65d6284")
    go(browser, corpus_page, f"d{k}")
    cuts = browser.find_elements(By.CSS_SELECTOR, "#acr-view del")
    body = browser.find_element(By.TAG_NAME, "body")

    def focused():
        return browser.switch_to.active_element

    body.send_keys("j")
    assert focused() == cuts[0]
    focused().send_keys("j")
    focused().send_keys("j")
    assert focused() == cuts[2]
    focused().send_keys("k")
    assert focused() == cuts[1]
    focused().send_keys("n")
    routed(browser)
    assert browser.execute_script("return location.hash") == f"#d{k + 1}"
    assert browser.find_element(By.CSS_SELECTOR, "#acr-view h2").text == f"document {k + 2}"
    focused().send_keys("p")
    routed(browser)
    assert browser.execute_script("return location.hash") == f"#d{k}"
    focused().send_keys("u")
    routed(browser)
    assert browser.find_element(By.ID, "acr-index").is_displayed()
    assert not browser.find_element(By.ID, "acr-view").is_displayed()


def test_the_rule_filter_lists_one_rules_removals_across_documents(browser, corpus_page):
    go(browser, corpus_page)
    Select(browser.find_element(By.ID, "acr-filter")).select_by_value("LK101")
    routed(browser)
    expected = [(k, removal.line, removal.text) for k, name in enumerate(NAMES) for removal in RESULTS[name].removed
                if removal.rule and removal.rule.id == "LK101"]
    assert len({k for k, _, _ in expected}) > 1  # the filter gathers removals from several documents
    items = browser.find_elements(By.CSS_SELECTOR, "#acr-view .acr-cuts li")
    shown = [(item.find_element(By.TAG_NAME, "a").get_attribute("href").split("#")[1],
              item.find_element(By.TAG_NAME, "del").text) for item in items]
    assert shown == [(f"d{k}-L{line}", text) for k, line, text in expected]
    items[-1].find_element(By.TAG_NAME, "a").click()
    routed(browser)
    k, number, text = expected[-1]
    assert browser.switch_to.active_element == line(browser, number)


def test_right_to_left_and_cjk_lines_read_as_written(browser, corpus_page):
    go(browser, corpus_page, f"d{NAMES.index('arabic')}")
    directions = browser.execute_script(
        "return Array.from(document.querySelectorAll('#acr-view .acr-lines p')).map(e => getComputedStyle(e).direction)")
    assert directions == ["rtl", "rtl", "rtl"]
    go(browser, corpus_page, f"d{NAMES.index('chinese')}")
    assert line_texts(browser) == CHINESE.splitlines()
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth")


def test_a_corpus_of_5000_documents_loads_with_only_what_is_shown_in_the_page(browser, tmp_path):
    path = tmp_path / "big.html"
    pairs = [(text, result) for text, result in zip(TEXTS.values(), RESULTS.values())]
    with open(path, "w", encoding="utf-8") as out:
        writer = ReportWriter(out)
        for k in range(5000):
            text, result = pairs[k % len(pairs)]
            writer.add(f"page-{k:04}", result, text)
        writer.finish()
    browser.get(path.as_uri())
    assert len(browser.find_elements(By.CSS_SELECTOR, "#acr-documents tbody tr")) == 100
    assert "1\u2013100 of 5,000" in browser.find_element(By.CSS_SELECTOR, "#acr-documents .acr-pager").text
    # the documents wait in their data blocks: the page holds the index and the rows it lists
    assert browser.execute_script("return document.querySelectorAll('body *:not(script)').length") < 2000
    browser.find_element(By.CSS_SELECTOR, "#acr-documents .acr-pager button:last-child").click()
    assert "101\u2013200 of 5,000" in browser.find_element(By.CSS_SELECTOR, "#acr-documents .acr-pager").text
    go(browser, path.as_uri(), "d4999")
    assert browser.find_element(By.CSS_SELECTOR, "#acr-view h2").text == "page-4999"
    assert len(struck(browser)) == len(pairs[4999 % len(pairs)][1].removed)
    assert errors(browser) == []
