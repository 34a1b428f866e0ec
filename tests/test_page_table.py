"""The events table: readable headings and values, text kept as text, only the first rows."""

from __future__ import annotations

import pandas as pd

from pipeline.page_table import table_view


def frame(n: int = 3) -> pd.DataFrame:
    return pd.DataFrame([{
        "event_id": f"e{i}", "event_type": "aid_convoy", "date": "2016-03-01",
        "date_end": "2016-03-03" if i == 1 else "2016-03-01", "status": "reported",
        "place_name": "Homs", "admin1": "SY-HI", "geo_precision": "settlement",
        "actors": ["WFP", "SARC"], "quantities": {"trucks": 40, "tonnes": 2.5},
        "confidence": 0.8, "source": "<b>Wire</b>", "article_title": "T", "evidence": "E",
    } for i in range(n)])


def test_headings_and_values_read_as_an_analyst_would_write_them():
    view = table_view(frame(), names={"SY-HI": "Homs"})
    row = view.iloc[1]
    assert list(view.columns[:4]) == ["Date", "Type", "Status", "Place"]
    assert row["Date"] == "2016-03-01 to 2016-03-03" and view.iloc[0]["Date"] == "2016-03-01"
    assert row["Type"] == "Aid convoy" and row["Governorate"] == "Homs"
    assert row["Located to"] == "town or village"
    assert row["Actors"] == "WFP; SARC" and row["Quantities"] == "tonnes: 2.5, trucks: 40"
    assert row["Source"] == "<b>Wire</b>"  # the grid shows text as text: nothing to escape
    assert row["event_id"] == "e1"


def test_undated_events_say_so_and_unknown_types_keep_their_name():
    f = frame(1)
    f.loc[0, ["date", "date_end", "event_type"]] = [None, None, "new_type"]
    row = table_view(f).iloc[0]
    assert row["Date"] == "undated" and row["Type"] == "new_type"


def test_only_the_first_rows_are_sent():
    assert len(table_view(frame(5), max_rows=2)) == 2
