"""A real browser opens the rendered reports from disk with the network cut: every image loads,
no request leaves the machine, the console shows no error."""

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(
        "chromium/chromedriver tidak terpasang (apt-get install chromium chromium-driver)", allow_module_level=True
    )

webdriver = pytest.importorskip("selenium.webdriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profil')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_reports_open_offline(browser, reports):
    pages = [reports / "2023" / "index.html", *sorted((reports / "2023").glob("*/*.html"))]
    assert len(pages) == 6
    browser.get_log("performance"), browser.get_log("browser")  # drop start-up entries
    for page in pages:
        browser.get(page.resolve().as_uri())
        browser.execute_script("return document.readyState")
        images = browser.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src.slice(0, 30)])"
        )
        charts = browser.execute_script("return document.querySelectorAll('svg').length")
        if page.name != "index.html":
            assert images or charts, f"{page.name}: tidak ada gambar"
        assert all(complete and width > 0 for complete, width, _ in images), (page.name, images)
        assert "Provenans laporan" in browser.page_source or page.name == "index.html"
        outside = [
            u for u in requested_urls(browser) if not u.startswith(("file:", "data:", "about:", "blob:", "chrome:"))
        ]
        assert not outside, (page.name, outside)
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not errors, (page.name, errors)


def test_index_links_open(browser, reports):
    browser.get((reports / "2023" / "index.html").resolve().as_uri())
    links = browser.execute_script("return Array.from(document.links).map(a => a.href)")
    assert len(links) == 5 and all(link.startswith("file:") for link in links)
    browser.get(links[0])
    assert "Capaian Kinerja" in browser.title


# What a reader sees: at a laptop width and a phone width the page itself never scrolls sideways
# (wide tables scroll inside their own box), no text is smaller than 12 px, every figure fits.
# Text inside the charts is checked where it is drawn (figures.text_problems).
LAYOUT = """
const page = document.documentElement;
const tiny = Array.from(document.querySelectorAll('body *'))
  .filter(e => e.childNodes.length && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => !e.closest('svg') && e.getClientRects().length && parseFloat(getComputedStyle(e).fontSize) < 12)
  .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40));
const wide = Array.from(document.querySelectorAll('img, svg'))
  .filter(e => !e.closest('svg') || e.tagName === 'svg' && !e.parentElement.closest('svg'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right));
return {overflow: page.scrollWidth - window.innerWidth, tiny: tiny.slice(0, 5), wide: wide.slice(0, 5)};
"""


@pytest.mark.parametrize("width", [1366, 390])
def test_reports_fit_the_screen(browser, reports, width, tmp_path):
    browser.set_window_size(width, 900)
    inner = browser.execute_script("return window.innerWidth")
    browser.set_window_size(width + (width - inner), 900)  # the viewport, not the window, is `width` wide
    pages = [reports / "index.html", reports / "2023" / "index.html", *sorted((reports / "2023").glob("*/*.html"))]
    for page in pages:
        browser.get(page.resolve().as_uri())
        assert browser.execute_script("return window.innerWidth") == width
        found = browser.execute_script(LAYOUT)
        assert found["overflow"] <= 0, (page.name, width, found)
        assert not found["tiny"], (page.name, width, found["tiny"])
        assert not found["wide"], (page.name, width, found["wide"])
        assert browser.save_screenshot(str(tmp_path / f"{page.stem}-{width}.png"))
