"""The board's cell rules: one row computed at once equals each column computed alone."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from tests.ui.board.market import quote

from tradingtools_desktop.domain.money import format_thousands
from tradingtools_desktop.ui.board.columns import (
    COLUMNS,
    cell_text,
    cell_tone,
    price_text,
    row_cells,
)


def test_row_cells_equal_the_column_rules():
    for q in (quote("FPT"), quote("FPT", last=106_500), quote("FPT", last=92_700),
              replace(quote("FPT"), bids=None, last=None), quote("FPT", last=98_000)):
        values, texts, tones = row_cells(q)
        assert texts == [cell_text(c, c.value(q)) for c in COLUMNS]
        assert tones == [cell_tone(c, q) for c in COLUMNS]
        assert values == [c.value(q) for c in COLUMNS]


def test_price_text_is_the_domain_formatter():
    for v in [*range(-150_000, 150_000, 10), 5, 15, 99_995, -15, 123_456_785]:
        assert price_text(v) == format_thousands(v)


def test_an_incremental_row_equals_a_full_one():
    steps = [quote("FPT"), quote("FPT", last=99_800), quote("FPT", last=99_800, ref=99_700),
             replace(quote("FPT"), bids=None), quote("FPT", last=106_500),
             quote("FPT", asks=((99_900, 1),))]
    shown = row_cells(steps[0])
    for before, q in pairwise(steps):
        shown = row_cells(q, before, shown)
        assert shown == row_cells(q)
