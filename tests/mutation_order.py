"""Order of the tests in a mutmut run: cheap ones first (issue 21).

mutmut runs each mutant in a fresh pytest session with ``-x`` on the tests that reach the mutated function, in the
order of an unordered set. Most mutants are killed by a fast unit test; if a chapter-level test that first computes
the book's panels (seconds of fixtures) comes first, every such mutant pays for it. This key puts the unit tests
first, then the modules that share the session's data cache (``shared_cache``), then the chapter-level tests
(prose, chapter sources, teaching scripts). Outside mutmut (``MUTANT_UNDER_TEST`` unset) the order is untouched.
"""

CHAPTER_LEVEL = ("test_prose_", "test_chapter_sources", "test_teaching_scripts", "test_book")


def cost_rank(module_name: str, shared_cache: bool) -> int:
    """0 for a plain unit test, 1 for one that shares the session's data cache, 2 for a chapter-level test."""
    if module_name.startswith(CHAPTER_LEVEL):
        return 2
    return 1 if shared_cache else 0


def cheap_first(items, active: bool) -> None:
    """Sort pytest ``items`` in place by :func:`cost_rank` (stable: the collection order within a rank) if ``active``."""
    if active:
        items.sort(key=lambda item: cost_rank(item.path.name, item.get_closest_marker("shared_cache") is not None))
