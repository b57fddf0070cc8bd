from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.anonymisation import (
    NotAnonymisableError,
    Role,
    anonymise,
    class_sizes,
    read_hierarchy,
)

ADULT_QIS = [
    "sex", "age", "race", "marital-status", "education", "native-country", "workclass",
    "occupation",
]  # fmt: skip


@pytest.fixture(scope="module")
def adult(request):
    adult_dir = request.getfixturevalue("adult_dir")
    frame = pd.read_csv(adult_dir / "adult.csv", sep=";", dtype=str, keep_default_na=False)
    hierarchies = {q: read_hierarchy(q, adult_dir / f"adult_hierarchy_{q}.csv") for q in ADULT_QIS}
    roles = {c: Role.QUASI if c in ADULT_QIS else Role.SENSITIVE for c in frame.columns}
    return frame, hierarchies, roles


@pytest.fixture(scope="module")
def adult_dir_module():
    from .conftest import ADULT

    if not (ADULT / "adult.csv").exists():
        pytest.skip(f"The adult benchmark is not at {ADULT} (clone shared/ beside the repo).")
    return ADULT


@pytest.mark.parametrize(
    ("k", "limit", "levels", "suppressed", "loss", "classes", "smallest"),
    [
        (5, 0.0, (0, 4, 0, 2, 3, 2, 2, 1), 0, 0.5916, 30, 16),
        (5, 0.05, (0, 3, 0, 0, 1, 1, 1, 2), 1458, 0.2519, 399, 5),
        (10, 0.05, (0, 3, 0, 1, 1, 1, 1, 2), 1484, 0.3055, 200, 10),
    ],
)
def test_it_finds_arx_optimum_on_adult(
    adult, k, limit, levels, suppressed, loss, classes, smallest
):
    frame, hierarchies, roles = adult
    result = anonymise(frame, roles, k=k, max_suppression=limit, hierarchies=hierarchies)
    assert tuple(result.levels[q] for q in ADULT_QIS) == levels
    assert result.suppressed == suppressed
    assert round(result.loss, 4) == loss
    assert (result.classes, result.min_class_size) == (classes, smallest)


@pytest.mark.parametrize(
    ("k", "limit", "arx_loss"), [(5, 0.0, 0.5916), (5, 0.05, 0.2519), (10, 0.05, 0.3055)]
)
def test_local_recoding_beats_arx_on_adult_and_keeps_k(adult, k, limit, arx_loss):
    frame, hierarchies, roles = adult
    result = anonymise(
        frame, roles, k=k, max_suppression=limit, hierarchies=hierarchies, local_recoding=True
    )
    assert result.loss < arx_loss
    assert min(class_sizes(result.frame, ADULT_QIS)) >= k
    assert result.suppressed <= int(limit * len(frame))


@pytest.fixture(name="adult_dir", scope="module")
def _adult_dir(adult_dir_module):
    return adult_dir_module


def _rows():
    return st.lists(
        st.tuples(
            st.sampled_from(["M", "V"]),
            st.integers(min_value=10, max_value=17).map(str),
            st.sampled_from(["1A", "1B", "2A", "2B", "3C"]),
            st.sampled_from(["ja", "nee"]),
        ),
        min_size=12,
        max_size=80,
    )


@settings(max_examples=40, deadline=None)
@given(
    rows=_rows(), k=st.integers(min_value=2, max_value=5), limit=st.sampled_from([0.0, 0.05, 0.2])
)
@pytest.mark.parametrize("local", [False, True])
def test_every_published_class_has_at_least_k_records_within_the_suppression_limit(
    rows, k, limit, local
):
    frame = pd.DataFrame(rows, columns=["geslacht", "leeftijd", "klas", "zitten"], dtype=object)
    roles = {
        "geslacht": Role.QUASI,
        "leeftijd": Role.QUASI,
        "klas": Role.QUASI,
        "zitten": Role.SENSITIVE,
    }
    result = anonymise(frame, roles, k=k, max_suppression=limit, local_recoding=local)
    assert min(class_sizes(result.frame, ["geslacht", "leeftijd", "klas"]), default=k) >= k
    assert result.suppressed <= int(limit * len(frame))
    assert result.report["rows_out"] == len(result.frame)


@settings(max_examples=25, deadline=None)
@given(rows=_rows())
def test_distinct_l_diversity_holds_in_every_published_class(rows):
    frame = pd.DataFrame(rows, columns=["geslacht", "leeftijd", "klas", "zitten"], dtype=object)
    roles = {
        "geslacht": Role.QUASI,
        "leeftijd": Role.QUASI,
        "klas": Role.QUASI,
        "zitten": Role.SENSITIVE,
    }
    if frame["zitten"].nunique() < 2:
        with pytest.raises(NotAnonymisableError):
            anonymise(frame, roles, k=2, l_diversity=2, sensitive_column="zitten")
        return
    result = anonymise(
        frame, roles, k=2, max_suppression=0.3, l_diversity=2, sensitive_column="zitten"
    )
    distinct = result.frame.groupby(["geslacht", "leeftijd", "klas"])["zitten"].nunique()
    assert distinct.min() >= 2
    assert result.report["l_diversity"] == {"column": "zitten", "l": 2}
