"""Print a built single-page HTML book to PDF with headless Chromium (used by ``make pdf``).

Usage: ``python scripts/print_pdf.py _build/singlehtml/index.html _build/book.pdf``. Chromium is
given time for MathJax (bundled with the book, so no network is needed) to typeset every formula
before it prints. The print stylesheet (``_static/print.css``) hides the navigation and lets wide
tables wrap, so every column is on the page.
"""

import shutil
import subprocess
import sys
from pathlib import Path


def main(source: str, target: str) -> None:
    source_path, target_path = Path(source).resolve(), Path(target).resolve()
    if not source_path.is_file():
        raise SystemExit(f"{source_path} does not exist: build it first (jupyter-book build . --builder singlehtml).")
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if browser is None:
        raise SystemExit("Chromium not found: install it (Debian/Ubuntu: apt-get install -y chromium).")
    target_path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    "--virtual-time-budget=60000", "--run-all-compositor-stages-before-draw",
                    f"--print-to-pdf={target_path}", source_path.as_uri()], check=True, capture_output=True)  # fmt: skip
    size = target_path.stat().st_size
    if size < 10_000:
        raise SystemExit(f"{target_path} is only {size} bytes: printing failed.")
    print(f"{target_path}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
