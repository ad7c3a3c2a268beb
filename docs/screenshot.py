"""Make docs/review-page.png, the README's picture of the review page: a seed's page in headless chromium.

    python docs/screenshot.py            (needs selenium, chromium and chromium-driver, as the browser tests)

The page is the one ``cleaner --report`` writes for ``samples/seeds/001_22d6ad4e856825db.txt``, with
its first photo caption focused, so that the picture shows an explanation too.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

import cleaner
from cleaner.report import writing

ROOT = Path(__file__).resolve().parent.parent
SEED = "samples/seeds/001_22d6ad4e856825db.txt"
TARGET = ROOT / "docs" / "review-page.png"
WINDOW = (1000, 820)


def main() -> None:
    text = (ROOT / SEED).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "review.html"
        with writing(page) as writer:
            writer.add(SEED, cleaner.explain(text), text)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                         f"--window-size={WINDOW[0]},{WINDOW[1]}"):
            options.add_argument(argument)
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
        try:
            driver.get(page.as_uri())
            caption = driver.find_element(By.CSS_SELECTOR, ".acr-r-CP001 del")
            driver.execute_script("arguments[0].focus({preventScroll: true})", caption)
            driver.save_screenshot(str(TARGET))
        finally:
            driver.quit()
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
