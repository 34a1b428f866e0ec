"""An analyst's overlay CSV adds and corrects places and wins; bad rows are named, not fatal."""

from __future__ import annotations

from pathlib import Path

from gazetteer import Gazetteer
from gazetteer.names import name_key
from gazetteer.overlay import apply_file
from gazetteer.place import CITY, Place
from gazetteer.table import PlaceTable

HEADER = "id,name,kind,lat,lon,admin1,country,aliases,geonameid,population,source,note\n"
HAMA = Place("gn:170017", "Ḩamāh", CITY, 35.13179, 36.75783, 460_602, "SY-HM", "SY")


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "places.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_an_overlay_place_comes_before_bundled_places_of_its_name(gazetteer, tmp_path):
    path = write(tmp_path, "my-hama,Hama,village,1.5,2.5,,XX,Hamma,,,,\n")
    gz = Gazetteer.load(overlay=path)
    assert gz.lookup("Hama", limit=1)[0].id == "usr:my-hama"
    assert gz.lookup("Hamma", limit=1)[0].id == "usr:my-hama"
    assert gazetteer.lookup("Hama", limit=1)[0].id != "usr:my-hama"  # the bundled one is intact


def test_a_row_with_a_geonameid_corrects_that_place_and_adds_aliases(tmp_path):
    table = PlaceTable()
    table.put(HAMA)
    path = write(tmp_path, ",,,35.2,36.8,,,Epiphania|حماة,170017,500000,my notes,\n")
    assert apply_file(table, path, prefix="usr") == []
    gz = Gazetteer(table)
    hama = gz.get("gn:170017")
    assert (hama.lat, hama.lon, hama.population, hama.name) == (35.2, 36.8, 500_000, "Ḩamāh")
    assert gz.names()[name_key("Epiphania")] == ("gn:170017",)
    assert gz.lookup("حماة")[0].id == "gn:170017"


def test_a_row_naming_an_existing_id_corrects_it(tmp_path):
    table = PlaceTable()
    table.put(HAMA)
    apply_file(table, write(tmp_path, "gn:170017,Hama City,town,,,,,,,,,\n"), prefix="usr")
    place = Gazetteer(table).get("gn:170017")
    assert (place.name, place.kind, place.lat) == ("Hama City", "town", HAMA.lat)


def test_bad_rows_are_skipped_with_file_line_and_reason_and_the_rest_apply(tmp_path):
    path = write(tmp_path, "\n".join([
        "ok,Good Place,village,1,2,,XX,,,,,",
        "no-lat,Bad Place,village,,2,,XX,,,,,",
        "bad-kind,Bad Kind,castle,1,2,,XX,,,,,",
        "far,Far Place,village,95,2,,XX,,,,,",
        "nan,NaN Place,village,nan,2,,XX,,,,,",
        ",No Id,village,1,2,,XX,,,,,",
        "pop,Pop Place,village,1,2,,XX,,,-5,,",
        "ghost,,,,,,,,999999999,,,",
    ]) + "\n")
    table = PlaceTable()
    problems = apply_file(table, path, prefix="usr")
    assert len(problems) == 7
    assert all(p.startswith(f"{path}: line ") for p in problems)
    assert "castle" in problems[1] and "out of range" in problems[2]
    assert Gazetteer(table).get("usr:ok").name == "Good Place"


def test_an_unreadable_or_missing_overlay_is_reported_or_ignored(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    gz = Gazetteer.load(overlay=bad)
    assert any(str(bad) in p for p in gz.problems)
    assert Gazetteer.load(overlay=tmp_path / "missing.csv").lookup("Hama")
