"""Print the book's _config.yml for the student edition: the same book without exercise solutions.

Used by ``make student``. It adds the local Sphinx extension ``_ext/student_edition.py``, which
removes every solution from the pages (sphinx-exercise's own ``hide_solutions`` option fails on
the gated solutions this book uses); the solution cells still run, so the build checks them.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
config = yaml.safe_load((ROOT / "_config.yml").read_text())
config["title"] = f"{config['title']} (student edition)"
sphinx = config.setdefault("sphinx", {})
sphinx.setdefault("local_extensions", {})["student_edition"] = "_ext"
print(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
