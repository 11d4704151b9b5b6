"""Pins what mutmut found unpinned in lib.mrio.toy (issue 21): the labels and the name of the theory chapter's
three-country world, which the reader meets in the table's labels and in every error message about it."""

import dataclasses

import numpy as np
import pytest

from lib.data.errors import TableError
from lib.data.iotable import check_table
from lib.mrio.toy import three_country_world


def _world():
    return three_country_world(60.0, 40.0, 0.75, 20.0, 30.0)


def test_three_country_world_is_labelled_one_sector_one_final_demand_category():
    world = _world()
    assert world.countries == ("J", "C", "U")
    assert world.sectors == ("all",) and world.fd_categories == ("total",)
    assert world.source == "three-country example"
    assert world.labels.tolist() == [("J", "all"), ("C", "all"), ("U", "all")]


def test_errors_about_the_three_country_world_name_it_and_its_rows():
    world = _world()
    broken = dataclasses.replace(world, x=np.array([80.0, -1.0, 30.0]))
    with pytest.raises(TableError, match=r"^three-country example: negative gross output in 1 rows, e\.g\. \[\('C', 'all'\)\]; expected x >= 0\."):
        check_table(broken)


def test_toy_table_says_what_it_is():
    from lib.mrio.toy import toy_table

    t = toy_table()
    assert (t.year, t.vintage, t.source) == (None, "toy", "toy table (lib.mrio.toy)")


def test_safe_reciprocal_of_integers():
    import numpy as np

    from lib.mrio.algebra import safe_reciprocal

    np.testing.assert_array_equal(safe_reciprocal(np.array([2, 0, -3, 4])), [0.5, 0.0, 0.0, 0.25])
