"""Print the book's _config.yml with exercise solutions hidden (sphinx-exercise ``hide_solutions``).

Used by ``make student``: the student edition is the same book, built from the same sources, with
every ``solution`` block left out of the pages (the solution code cells still run, so the build
checks them).
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
config = yaml.safe_load((ROOT / "_config.yml").read_text())
config["title"] = f"{config['title']} (student edition)"
config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
print(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
