"""Print the whole built book to one PDF with headless Chromium (used by ``make pdf``).

Usage: ``python scripts/print_pdf.py [_build/html] [_build/book.pdf]``, after ``make book``.

The pages of the HTML build are joined in the order of ``_toc.yml`` into one HTML file (the
article of each page, with its images, tables and formulas; links and image paths made absolute),
which keeps the book's own stylesheets and its bundled MathJax, so no network is needed. Chromium
is given time for MathJax to typeset every formula, then prints. The print stylesheet
(``_static/print.css``) hides the navigation and lets wide tables wrap; exercise solutions are
opened so that the PDF holds them (use ``make student`` for a book without them).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from screenshots import chromium
from screenshots import pages as book_pages  # the built pages in the order of _toc.yml

ROOT = Path(__file__).resolve().parent.parent
OPEN_EVERYTHING = """
<script>
// Solutions (sphinx-exercise dropdowns) and hidden outputs are shown; hidden code stays hidden.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("details.above-output").forEach(d => d.open = true);
  document.querySelectorAll(".toggle-hidden").forEach(e => e.classList.remove("toggle-hidden"));
  document.querySelectorAll("button.toggle-button").forEach(b => b.remove());
  document.querySelectorAll("details.above-input").forEach(d => d.remove());
});
</script>
<style>
  .chapter-break { break-before: page; }
  .bd-article-container, .bd-main, .bd-content { max-width: 100% !important; }
</style>
"""


def absolutise(fragment, page: Path) -> None:
    """Make relative image, link and source paths of ``fragment`` absolute (file URIs)."""
    base = page.as_uri()
    for tag, attr in (("img", "src"), ("a", "href"), ("source", "src"), ("image", "href")):
        for node in fragment.find_all(tag):
            value = node.get(attr)
            if value and not value.startswith(("http:", "https:", "data:", "#", "mailto:", "file:")):
                node[attr] = urljoin(base, value)


def combined_html(html: Path) -> str:
    """One HTML document holding every page's article, with the book's head (styles, MathJax)."""
    pages = book_pages(html)
    first = BeautifulSoup(pages[0].read_text(), "html.parser")
    head = first.find("head")
    absolutise(head, pages[0])
    for tag in head.find_all(["script", "link"]):
        for attr in ("src", "href"):
            value = tag.get(attr)
            if value and not value.startswith(("http", "data:", "file:")):
                tag[attr] = urljoin(pages[0].as_uri(), value)
    parts = []
    for k, page in enumerate(pages):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        article = soup.find("article") or soup.find("main")
        if article is None:
            raise SystemExit(f"{page}: no <article> found; is this a Jupyter Book page?")
        absolutise(article, page)
        parts.append(f'<section class="{"chapter-break" if k else ""}">{article.decode_contents()}</section>')
    body = "\n".join(parts)
    return f"<!DOCTYPE html><html><head>{head.decode_contents()}{OPEN_EVERYTHING}</head><body><main>{body}</main></body></html>"


def main(html_dir: str = "_build/html", target: str = "_build/book.pdf") -> None:
    html = (ROOT / html_dir).resolve()
    target_path = (ROOT / target).resolve()
    browser = chromium()
    single = html / "_book-for-print.html"
    single.write_text(combined_html(html))
    target_path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    "--allow-file-access-from-files", "--virtual-time-budget=120000",
                    f"--print-to-pdf={target_path}", single.as_uri()], check=True, capture_output=True)  # fmt: skip
    size = target_path.stat().st_size
    if size < 100_000:
        raise SystemExit(f"{target_path} is only {size} bytes: printing failed.")
    print(f"{target_path}: {size / 1e6:.1f} MB (from {single})")


if __name__ == "__main__":
    main(*sys.argv[1:3])
