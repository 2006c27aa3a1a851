"""A real browser (Debian's headless Chromium) against the real server: search, facet, remove, open, back."""
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "artifacts"
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")

pytestmark = pytest.mark.browser
if not (CHROMIUM and DRIVER):
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install chromium and chromium-driver (scripts/test.sh does)")
    pytest.skip("Debian's chromium and chromium-driver are not installed (scripts/test.sh installs them)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _served(data: Path):
    """`newsarchive serve` on a data folder, on a free port, until the block ends; yields its URL."""
    port = _free_port()
    env = dict(os.environ, NEWSARCHIVE_DATA=str(data))
    proc = subprocess.Popen([sys.executable, "-m", "newsarchive.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urlopen(url + "/api/stats", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(seeded_data_dir):
    with _served(seeded_data_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    os.environ["SE_OFFLINE"] = "true"          # selenium must never try to download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _total(driver) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, "#total strong").text)


def _shot(driver, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_search_facet_remove_open_back(server, browser):
    wait = WebDriverWait(browser, 15)
    browser.get(server + "/")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("医保")
    box.submit()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits li.hit")))
    everything = _total(browser)
    assert everything >= 5 and browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    _shot(browser, "1-search")

    facet = browser.find_element(By.XPATH, "//section[@data-facet='region']//a[normalize-space()='海东市']")
    facet.click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.chip")))
    narrowed = _total(browser)
    assert 0 < narrowed < everything
    assert all("海东市" in m.text for m in browser.find_elements(By.CSS_SELECTOR, ".hit .meta"))
    _shot(browser, "2-facet")

    browser.find_element(By.CSS_SELECTOR, "a.chip").click()
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "a.chip"))
    assert _total(browser) == everything

    first = browser.find_element(By.CSS_SELECTOR, "ol.hits li.hit h2 a")
    title = first.text
    first.click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.article h1")))
    assert browser.find_element(By.CSS_SELECTOR, "article.article h1").text == title
    assert "[N]." in browser.find_element(By.ID, "citation").text
    _shot(browser, "3-article")

    browser.find_element(By.CSS_SELECTOR, "a.back").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits")))
    assert _total(browser) == everything and "q=" in browser.current_url


def test_sort_select_resubmits_without_inline_script(server, browser):
    browser.get(server + "/search?q=医保")
    select = browser.find_element(By.NAME, "sort")
    select.find_element(By.CSS_SELECTOR, "option[value=date]").click()
    WebDriverWait(browser, 10).until(lambda d: "sort=date" in d.current_url)
    logs = [e for e in browser.get_log("browser") if "Content Security Policy" in e.get("message", "")]
    assert not logs, logs


def test_a_librarian_logs_in_and_corrects_an_article(make_data_dir, browser):
    """Runs last: it logs the browser in (cookies are per host, not per port)."""
    from conftest import SEEDS

    from archive.curating.librarians import Collections
    data = make_data_dir([SEEDS])
    Collections(data / "collections.sqlite").add_user("librarian", "correct horse battery")
    with _served(data) as url:
        wait = WebDriverWait(browser, 15)
        browser.get(url + "/login")
        browser.find_element(By.NAME, "name").send_keys("librarian")
        browser.find_element(By.NAME, "password").send_keys("correct horse battery")
        browser.find_element(By.NAME, "password").submit()
        wait.until(lambda d: "/login" not in d.current_url)
        browser.get(url + "/search?q=拉面")
        browser.find_element(By.CSS_SELECTOR, "ol.hits li.hit h2 a").click()
        form = wait.until(EC.presence_of_element_located((By.ID, "correct-metadata")))
        form.find_element(By.CSS_SELECTOR, "select[name=field] option[value=region]").click()
        form.find_element(By.NAME, "value").send_keys("内蒙古自治区/乌海市")
        form.find_element(By.NAME, "note").send_keys("据原版报头")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        history = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ul.corrections")))
        assert "乌海市" in history.text and "据原版报头" in history.text and "librarian" in history.text
        _shot(browser, "4-corrected")
        browser.get(url + "/search?q=拉面&region=乌海市")
        assert _total(browser) >= 1


# -- the reading room's flows, each page screenshotted and checked by axe-core -------------------------
FLOW_PAPERS = ("海东时报", "青海日报")
FLOW_TOPICS = ("医保报销", "拉面产业", "冬季供暖", "乡村振兴", "生态保护")


def _flow_records() -> list[dict]:
    """Two papers over two years, several pages an issue, more tags than the sidebar shows."""
    records = []
    for i in range(60):
        paper, topic = FLOW_PAPERS[i % 2], FLOW_TOPICS[i % len(FLOW_TOPICS)]
        month = i * 7 % 24                 # every month of 2022 and 2023, some more than others
        date = f"{2022 + month // 12}-{month % 12 + 1:02d}-{1 + i % 3 * 7:02d}"
        records.append({"title": f"{topic}进展（第{i + 1}期）", "paper": paper, "date": date, "page": f"{1 + i % 4:02d}",
                        "section": ("要闻", "民生", "经济")[i % 3], "tags": [topic, f"专题{i % 25}"],
                        "authors": ["王菲菲"] if i % 4 == 0 else [],
                        "body": f"本报讯 {topic}工作取得新进展，海东市各地群众反映良好。" * 6})
    return records


@pytest.fixture(scope="module")
def reading_room(tmp_path_factory):
    import json

    from conftest import build_data_dir
    root = tmp_path_factory.mktemp("reading-room")
    source = root / "records.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _flow_records()), "utf-8")
    build_data_dir(root / "data", [source])
    with _served(root / "data") as url:
        yield url


def _accessible(driver) -> None:
    """axe-core (from axe-selenium-python) finds no serious or critical violation on the page."""
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    found = axe.run()["violations"]
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, axe.report(serious)


def _visit(driver, name: str) -> None:
    WebDriverWait(driver, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "main")))
    _shot(driver, name)
    _accessible(driver)


def test_home_paper_year_issue_article(reading_room, browser):
    browser.get(reading_room + "/")
    _visit(browser, "home")
    assert "60 篇文章" in browser.find_element(By.CSS_SELECTOR, ".hero").text
    browser.find_element(By.LINK_TEXT, "海东时报").click()
    _visit(browser, "browse-paper")
    browser.find_element(By.PARTIAL_LINK_TEXT, "2022 年").click()
    _visit(browser, "browse-year")
    browser.find_element(By.CSS_SELECTOR, "ul.days a").click()
    _visit(browser, "browse-issue")
    assert browser.find_elements(By.CSS_SELECTOR, "section.page h2")
    browser.find_element(By.CSS_SELECTOR, "section.page li a").click()
    _visit(browser, "article")
    assert "海东时报" in browser.find_element(By.CSS_SELECTOR, "article.article .meta").text


def test_advanced_search_writes_the_query(reading_room, browser):
    browser.get(reading_room + "/advanced")
    _visit(browser, "advanced")
    browser.find_element(By.ID, "adv-title").send_keys("医保")
    browser.find_element(By.ID, "adv-paper").send_keys("青海日报")
    browser.find_element(By.CSS_SELECTOR, "form.advanced button[type=submit]").click()
    WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits")))
    _visit(browser, "search")
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "title:医保"
    assert all("青海日报" in m.text for m in browser.find_elements(By.CSS_SELECTOR, ".hit .meta"))


def test_a_facet_has_more_values_than_the_sidebar(reading_room, browser):
    browser.get(reading_room + "/search")
    more = browser.find_element(By.XPATH, "//section[@data-facet='tag']//p[@class='more']/a")
    more.click()
    _visit(browser, "facet-more")
    values = browser.find_elements(By.CSS_SELECTOR, "ul.facet-all li")
    assert len(values) == 30           # five topics and 25 专题 tags, every one
    values[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.chip")))
    assert "/search" in browser.current_url and 0 < _total(browser) < 60


def test_trends_compare_two_queries(reading_room, browser):
    browser.get(reading_room + "/trends?q=医保&q=拉面&interval=month")
    _visit(browser, "trends")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".trend-chart polyline")) >= 2
    legend = browser.find_element(By.CSS_SELECTOR, ".trend-chart .legend svg")
    assert legend.size["width"] <= 20                 # a swatch, not a page-wide box


def test_an_empty_result_and_a_bad_query_keep_the_form(reading_room, browser):
    browser.get(reading_room + "/search?q=没有这样的词语组合")
    _visit(browser, "empty")
    assert "没有找到匹配的文章" in browser.find_element(By.CSS_SELECTOR, ".empty").text
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "没有这样的词语组合"
    browser.get(reading_room + "/search?q=foo:医保")
    _visit(browser, "bad-query")
    assert "不认识的字段" in browser.find_element(By.CSS_SELECTOR, ".error").text
    assert browser.find_element(By.NAME, "q").get_attribute("value") == "foo:医保"


def test_a_phone_sees_the_results_without_sideways_scrolling(reading_room, browser):
    browser.set_window_size(390, 844)
    try:
        browser.get(reading_room + "/search?q=医保")
        _visit(browser, "phone-search")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400
    finally:
        browser.set_window_size(1280, 1000)


def test_an_article_from_a_scanned_page_shows_its_lines_and_the_hit_on_the_image(tmp_path, browser):
    """A page image ingested as a scan: search, open the article, see the page with its lines framed and the hit filled."""
    pytest.importorskip("rapidocr_onnxruntime", reason="the OCR extra: pip install 'news-archive[ocr]'")
    from conftest import build_data_dir
    from test_scans import FIRST, SECOND, _page
    _page([FIRST, SECOND]).save(tmp_path / "page.png")
    build_data_dir(tmp_path / "data", [tmp_path / "page.png"])
    with _served(tmp_path / "data") as url:
        browser.get(url + "/search?q=河长巡查")
        WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.hits h2 a"))).click()
        _visit(browser, "article-scan")
        figure = browser.find_element(By.CSS_SELECTOR, "figure.scan")
        browser.execute_script("arguments[0].scrollIntoView()", figure)
        _shot(browser, "article-scan")
        assert SECOND.title in browser.find_element(By.CSS_SELECTOR, "article.article h1").text
        assert len(figure.find_elements(By.CSS_SELECTOR, "rect.line")) >= 5
        assert figure.find_elements(By.CSS_SELECTOR, "rect.hit")
        image = figure.find_element(By.CSS_SELECTOR, "image").get_attribute("href")
        assert urlopen(url + image if image.startswith("/") else image).headers["Content-Type"] == "image/jpeg"
        browser.find_element(By.LINK_TEXT, "查看整版").click()
        _visit(browser, "scan-page")
        links = browser.find_elements(By.CSS_SELECTOR, "figure.scan svg a")
        assert len(links) >= 2                                 # every article on the page is a region to click
        assert len(browser.find_elements(By.CSS_SELECTOR, "section.scan-page ol li")) == len(links)
