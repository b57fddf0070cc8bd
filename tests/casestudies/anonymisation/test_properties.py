"""Properties that hold for every table, checked on generated ones."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from casestudies.anonymisation import Role, anonymise, class_sizes

QUASI = ["geslacht", "leeftijd", "klas"]
ROLES = {
    "naam": Role.DIRECT,
    "geslacht": Role.QUASI,
    "leeftijd": Role.QUASI,
    "klas": Role.QUASI,
    "cijfer": Role.SENSITIVE,
}


def _tables():
    row = st.tuples(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10),
        st.sampled_from(["M", "V", "X"]),
        st.integers(min_value=10, max_value=18).map(str),
        st.sampled_from(["1A", "1B", "2A", "2B", "3C", "4D"]),
        st.sampled_from(["5,5", "6,0", "7,5", "8,0"]),
    )
    return st.lists(row, min_size=6, max_size=120).map(
        lambda rows: pd.DataFrame(rows, columns=list(ROLES), dtype=object)
    )


@settings(max_examples=60, deadline=None)
@given(
    frame=_tables(),
    k=st.integers(min_value=2, max_value=6),
    limit=st.sampled_from([0.0, 0.05, 0.1, 0.3]),
)
def test_every_class_has_k_records_no_direct_value_leaks_and_rows_add_up(frame, k, limit):
    if k > len(frame):
        return
    result = anonymise(frame, ROLES, k=k, max_suppression=limit)
    assert min(class_sizes(result.frame, QUASI), default=k) >= k
    assert result.report["min_class_size"] >= k or result.report["rows_out"] == 0
    published = set(result.frame.astype(str).to_numpy().ravel())
    assert not published & set(frame["naam"])
    assert "naam" not in result.frame.columns
    assert result.report["rows_in"] == result.report["rows_out"] + result.report["suppressed"]
    assert result.report["rows_out"] == len(result.frame)
