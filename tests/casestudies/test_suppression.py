"""Secondary suppression, the one rule behind every partner table with a total: no hidden
count can be recovered from the shown counts, the total and what "<10" and "x" mean."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.suppression import suppress

THRESHOLD = 10
CAP = 40  # the largest count drawn


def possible_values(
    counts: list[int], hidden: list[bool], total: int, total_hidden: bool
) -> list[set[int]]:
    """Per cell, every value a reader could still believe, by trying all combinations. A
    reader knows no upper bound of an "x" but the shown total; with the total hidden too,
    an "x" is tried up to CAP + THRESHOLD, which leaves it more than one value anyway."""
    most = total if not total_hidden else CAP + THRESHOLD
    ranges = [
        range(c, c + 1)
        if not h
        else range(1, THRESHOLD)
        if c < THRESHOLD
        else range(THRESHOLD, max(most, THRESHOLD) + 1)
        for c, h in zip(counts, hidden, strict=True)
    ]
    seen: list[set[int]] = [set() for _ in counts]
    if not total_hidden:
        # The last cell is the total less the others: try the others, derive the last.
        for combination in itertools.product(*ranges[:-1]):
            last = total - sum(combination)
            if last in ranges[-1]:
                for index, value in enumerate((*combination, last)):
                    seen[index].add(value)
        return seen
    for combination in itertools.product(*ranges):
        if (sum(combination) < THRESHOLD) == (total < THRESHOLD):
            for index, value in enumerate(combination):
                seen[index].add(value)
    return seen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=CAP), min_size=1, max_size=4))
def test_no_hidden_count_can_be_worked_out_from_the_rest(counts: list[int]):
    decided = suppress(counts, sum(counts), threshold=THRESHOLD)
    if decided is None:
        return  # only the total is shown, no cell at all
    for count, hidden in zip(counts, decided.hidden, strict=True):
        assert hidden or count >= THRESHOLD  # a small count never shows
    seen = possible_values(counts, decided.hidden, sum(counts), decided.total_hidden)
    for values, hidden in zip(seen, decided.hidden, strict=True):
        assert not hidden or len(values) > 1


@given(st.lists(st.integers(min_value=THRESHOLD, max_value=500), max_size=6))
def test_nothing_is_hidden_when_every_count_is_large_enough(counts: list[int]):
    decided = suppress(counts, sum(counts), threshold=THRESHOLD)
    assert decided is not None
    assert not any(decided.hidden)
    assert decided.total_hidden == (sum(counts) < THRESHOLD)


def test_one_small_count_beside_a_total_hides_the_next_smallest_too():
    decided = suppress([8, 40, 25], 73, threshold=THRESHOLD)
    assert decided is not None
    assert decided.hidden == [True, False, True]
    assert not decided.total_hidden


def test_a_lone_small_count_that_is_the_total_leaves_only_a_hidden_total():
    decided = suppress([7], 7, threshold=THRESHOLD)
    assert decided is not None
    assert decided.hidden == [True]
    assert decided.total_hidden


def test_a_single_group_whose_total_would_give_it_back_is_left_out():
    assert suppress([3, 30], 33, threshold=THRESHOLD) is not None
    assert suppress([30], 30, threshold=THRESHOLD) is not None
