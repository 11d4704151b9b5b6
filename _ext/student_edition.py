"""Sphinx extension for the student edition (``make student``): leave every exercise solution out.

sphinx-exercise's own ``hide_solutions`` option fails on gated solutions
(``solution-start`` ... ``solution-end`` with code cells in between, as this book writes them):
the start directive returns nothing while the end node stays, and the build stops with "unknown
node type: solution_end_node". This transform runs after sphinx-exercise has merged each gated
pair into one solution node (its transform has priority 10) and removes the merged nodes, code
cells included. The solution cells still execute when the book is built, so they stay tested.
"""

from sphinx.transforms import SphinxTransform
from sphinx_exercise.nodes import solution_node


class RemoveSolutions(SphinxTransform):
    default_priority = 20  # after sphinx_exercise.transforms.MergeGatedSolutions (10)

    def apply(self):
        for node in list(self.document.findall(solution_node)):
            node.parent.remove(node)


def setup(app):
    app.add_transform(RemoveSolutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
