"""Make the pictures the README shows, from the sample reports, with the real clients:

- docs/page.png, docs/page-value.png, docs/page-phone.png: the page of `dxextract show
  --html`, in headless Chromium (its top, a value focused, and a phone's width);
- docs/workbook.png: the workbook of `dxextract parse -o values.xlsx`, as LibreOffice
  prints it in a Vietnamese locale (decimal comma), turned into PNG by pdftoppm.

Needs chromium, libreoffice-calc-nogui and poppler-utils (Debian packages):

    .venv/bin/python docs/make_screenshots.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402

SEEDS = ["seeds/002_0f6a488fece8c49f.txt", "seeds/001_3331c17658508374.txt"]
DX = Path(sys.executable).parent / "dxextract"
# LibreOffice's locale, set in a fresh profile: numbers then show as a Vietnamese reader sees them.
VI_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">
<value>vi-VN</value></prop></item>
</oor:items>
"""


def page(work: Path) -> None:
    html = work / "report.html"
    subprocess.run([str(DX), "show", "--html", "-o", str(html), *SEEDS], cwd=ROOT, check=True)
    with Browser() as browser:
        desktop = browser.open(html, width=1400, height=860)
        desktop.screenshot(DOCS / "page.png")
        # The top of the page, with the record of the first value in sight shown as on focus.
        desktop.evaluate("""(() => { const m = Array.from(document.querySelectorAll('#d1 mark.v'))
            .find(m => m.getBoundingClientRect().top > 420);
            window.scrollTo(0, m.getBoundingClientRect().top - 520); m.focus({preventScroll: true}); })()""")
        desktop.screenshot(DOCS / "page-value.png")
        phone = browser.open(html, width=390, height=844, mobile=True)
        phone.screenshot(DOCS / "page-phone.png")
        assert not desktop.errors and not phone.errors, (desktop.errors, phone.errors)


def workbook(work: Path) -> None:
    book = work / "values.xlsx"
    subprocess.run([str(DX), "parse", "-o", str(book), *SEEDS], cwd=ROOT, check=True)
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(VI_PROFILE, encoding="utf-8")
    soffice = shutil.which("soffice") or "libreoffice"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(work), str(book)], check=True, capture_output=True, timeout=300)
    # The top left of the first page (the values sheet, printed one page wide), at 220 dpi.
    subprocess.run(["pdftoppm", "-r", "220", "-f", "1", "-l", "1", "-x", "140", "-y", "150", "-W", "1560",
                    "-H", "620", "-png", "-singlefile", str(work / "values.pdf"), str(DOCS / "workbook")], check=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        page(Path(folder))
        workbook(Path(folder))
    print("docs/page.png, docs/page-value.png, docs/page-phone.png, docs/workbook.png")
