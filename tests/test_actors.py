"""Actors as written, and which of them take part in an event (pipeline/actors.py)."""

from __future__ import annotations

import pytest

from pipeline.actors import actor_names, find_actors, participants


def _names(text: str, *, conflict: bool = True) -> tuple[str, ...]:
    return actor_names(participants(text, find_actors(text, 0, len(text)), conflict=conflict))


def test_names_are_found_as_written_without_sentence_openers():
    text = "Meanwhile the Syrian army and Hezbollah fighters shelled the town."
    assert actor_names(find_actors(text, 0, len(text))) == ("Syrian army", "Hezbollah")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a monitor that reports fighting is its source, not a side (SOHR, wire, OCHA)
        ("SOHR activists reported that regime forces shelled Talbiseh.", ("regime forces",)),
        ("SOHR: Hayat Tahrir al-Sham (HTS) took full control of Hama city.",
         ("Hayat Tahrir al-Sham",)),
        ("Rebels attacked army posts, according to the Syrian Observatory for Human Rights.",
         ("Rebels",)),
        # the target of an effort named aside is no participant (wire)
        ("Turkish troops, who back the rebels in their fight against Islamic State, shelled "
         "the village.", ("Turkish troops", "rebels")),
    ],
)
def test_only_the_sides_of_fighting_take_part_in_it(text, expected):
    assert _names(text) == expected


def test_an_organisation_that_announces_aid_delivers_it():
    text = "The World Food Programme said it delivered flour to the town."  # WFP release
    assert _names(text, conflict=False) == ("World Food Programme",)
