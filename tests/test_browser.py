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
        if page.name != "index.html":
            assert images, f"{page.name}: tidak ada gambar"
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
