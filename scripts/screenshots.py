"""Screenshots of the book as readers see it: every built page at 1280 px, and chapters in JupyterLab.

Usage (after ``make book``; needs Chromium, e.g. ``apt-get install -y chromium``)::

    .venv/bin/python scripts/screenshots.py                 # _build/screenshots/<page>-<k>.png
    .venv/bin/python scripts/screenshots.py --lab baseline  # also: chapter run in JupyterLab

Book pages are shot whole with headless Chromium (driven by playwright) at 1280 px and cut into
slices of 1600 px, about a laptop screen and a half, so they can be looked at one by one. ``--lab`` starts JupyterLab on a
free port, opens each named chapter, runs all cells (Run > Run All Cells) and takes a full-page
screenshot, so one can check that the prose shows its numbers in JupyterLab too (jupyterlab-myst
evaluates the ``{eval}`` roles). Not part of the tests: it needs a browser.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "screenshots"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]  # fmt: skip


def chromium() -> str:
    """Path of the Chromium executable, or a clear error saying how to install it."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("Chromium not found: install it (Debian/Ubuntu: apt-get install -y chromium).")


def pages(html: Path = HTML) -> list[Path]:
    """The built pages listed in _toc.yml, in its order (the landing page first)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    found = [html / f"{f}.html" for f in files]
    missing = [str(p) for p in found if not p.is_file()]
    if missing:
        raise SystemExit(f"Pages missing, run `make book` first: {missing[:3]}")
    return found


def shoot_pages(pages: list[Path], width: int = 1280, slice_height: int = 1600) -> dict[Path, list[Path]]:
    """Full-page screenshot of each page (playwright with the system Chromium), cut into slices."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    shots = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS[1:])
        tab = browser.new_page(viewport={"width": width, "height": slice_height})
        for page in pages:
            tab.goto(page.as_uri())
            tab.wait_for_timeout(1500)  # MathJax typesets the formulas
            full = OUT / f"{page.stem}-full.png"
            tab.screenshot(path=str(full), full_page=True)
            image = Image.open(full)
            slices = []
            for k, top in enumerate(range(0, image.height, slice_height)):
                part = OUT / f"{page.stem}-{k}.png"
                image.crop((0, top, width, min(top + slice_height, image.height))).save(part)
                slices.append(part)
            full.unlink()
            shots[page] = slices
        browser.close()
    return shots


def shoot_lab(chapters: list[str], wait: float = 90.0, height: int = 1600) -> list[Path]:
    """Run each chapter in JupyterLab and screenshot all of it (needs playwright and Chromium).

    JupyterLab's notebook windowing is switched off (a private settings folder), so every cell is drawn;
    the notebook panel is then scrolled from top to bottom and shot one window (``height`` pixels) at a
    time, ``lab-<chapter>-<k>.png``, so the whole chapter is captured however long it is.
    """
    import json
    import tempfile

    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Path(tempfile.mkdtemp()) / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    lab = subprocess.Popen([sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
                            "--ServerApp.token=", "--ServerApp.password=", "--allow-root",
                            f"--LabApp.user_settings_dir={settings.parent.parent}",
                            f"--LabApp.workspaces_dir={settings.parent.parent.parent / 'workspaces'}",  # no restored tabs
                            f"--ServerApp.root_dir={ROOT}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    shots = []
    try:
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(1)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS[1:])
            for chapter in chapters:
                page = browser.new_page(viewport={"width": 1280, "height": height})
                page.goto(f"http://127.0.0.1:{port}/lab/tree/chapters/{chapter}.ipynb")
                page.wait_for_selector(".jp-Notebook", timeout=60000)
                time.sleep(3)
                page.click('.lm-MenuBar-itemLabel:text-is("Run")', timeout=10000)
                page.click('.lm-Menu-itemLabel:text-is("Run All Cells")', timeout=10000)
                # wait until every code cell has run: no "[ ]" or "[*]" prompt left
                deadline = time.time() + wait
                time.sleep(5)
                while time.time() < deadline:
                    prompts = page.eval_on_selector_all(".jp-InputPrompt", "els => els.map(e => e.textContent)")
                    if prompts and not any(p.strip() in ("[ ]:", "[*]:") for p in prompts):
                        break
                    time.sleep(2)
                time.sleep(5)  # markdown cells after the last code cell evaluate their {eval} roles
                scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"  # the open tab only
                # the bottom of the last cell (JupyterLab pads the panel below it)
                total = page.eval_on_selector(scroller, "el => { const cells = el.querySelectorAll('.jp-Cell'); "
                                              "const last = cells[cells.length - 1]; return last ? "
                                              "last.getBoundingClientRect().bottom - el.getBoundingClientRect().top "
                                              "+ el.scrollTop : el.scrollHeight; }")
                view = page.eval_on_selector(scroller, "el => el.clientHeight")
                for k, top in enumerate(range(0, max(int(total), 1), max(int(view) - 100, 200))):  # 100 px overlap
                    page.eval_on_selector(scroller, f"el => {{ el.scrollTop = {top}; }}")
                    time.sleep(0.5)
                    target = OUT / f"lab-{chapter}-{k}.png"
                    page.screenshot(path=str(target))
                    shots.append(target)
                page.close()
            browser.close()
    finally:
        lab.terminate()
    return shots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lab", nargs="*", metavar="CHAPTER", help="also run these chapters in JupyterLab")
    parser.add_argument("--only", nargs="*", metavar="PAGE", help="only these pages (stems), e.g. baseline")
    args = parser.parse_args()
    chosen = [page for page in pages() if not args.only or page.stem in args.only]
    for page, slices in shoot_pages(chosen).items():
        print(f"{page.relative_to(HTML)}: {len(slices)} slices")
    if args.lab:
        for shot in shoot_lab(args.lab):
            print(f"JupyterLab: {shot}")
    print(f"Screenshots in {OUT}")


if __name__ == "__main__":
    main()
