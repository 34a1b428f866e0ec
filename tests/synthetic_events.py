"""A small, known data folder for the page tests: articles with events written straight to a Store.

Not a test module (no `test_` prefix): test_dashboard.py and test_browser.py import it. The
events are made by hand, so the page tests do not depend on what the extraction finds.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pipeline.model import Article, Event
from pipeline.store import Store

# (place as written, canonical name, place id, admin1, lat, lon, geo precision)
PLACES = (
    ("Aleppo", "Aleppo", "gn:170063", "SY-HL", 36.2021, 37.1343, "settlement"),
    ("Homs", "Homs", "gn:169577", "SY-HI", 34.7268, 36.7234, "settlement"),
    ("Idlib", "Idlib", "gn:169388", "SY-ID", 35.9306, 36.6339, "settlement"),
    ("Daraa province", "Daraa Governorate", "iso:SY-DR", "SY-DR", 32.75, 36.3, "admin1"),
)
# (type, status, actor) cycled over the events
KINDS = (
    ("ceasefire_agreed", "reported", "Local council"),
    ("aid_convoy", "reported", "World Food Programme"),
    ("shelling", "reported", "Government forces"),
    ("ceasefire_violation", "reported", "Opposition groups"),
    ("aid_airdrop", "planned", "World Food Programme"),
    ("diplomacy", "reported", "Foreign ministry"),
)
FIRST_DAY = date(2016, 3, 1)
DAYS = 20  # events are spread over this many days
XSS_TITLE = 'Convoy <script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def _article(n: int, *, place: tuple, kind: tuple, day: date | None, title: str,
             source: str = "Test Wire", url: str = "https://example.org/a") -> Article:
    written, name, place_id, admin1, lat, lon, precision = place
    event_type, status, actor = kind
    trigger = event_type.split("_")[-1]
    sentence = f"The {actor} reported a {trigger} in {written} with 12 trucks."
    body = f"Report number {n}.\n{sentence}\n"
    ev_start = body.index(sentence)
    place_start = body.index(written, ev_start)
    trig_start = body.index(trigger, ev_start)
    article_id = f"synthetic-{n:03d}"
    event = Event(
        event_id=f"ev-{n:03d}", event_type=event_type, date=day, date_end=day,
        date_precision="day" if day else "unknown", effective_date=None, place=written,
        place_id=place_id, place_name=name, geo_precision=precision, admin1=admin1,
        country="SY", lat=lat, lon=lon, actors=(actor,), quantities={"trucks": 12.0},
        status=status, article_id=article_id, article_title=title,
        published=day or FIRST_DAY, source=source, url=url, evidence=sentence,
        evidence_start=ev_start, evidence_end=ev_start + len(sentence),
        confidence=0.5 + (n % 5) / 10, place_start=place_start,
        place_end=place_start + len(written), trigger_start=trig_start,
        trigger_end=trig_start + len(trigger),
    )
    return Article(article_id=article_id, body=body, title=title, published=day,
                   source=source, url=url, events=[event])


def build(data_dir: Path, *, n: int = 24, undated: int = 2) -> Store:
    """Write `n` dated events (one per article, over DAYS days) and `undated` undated ones."""
    articles = []
    for i in range(n):
        articles.append(_article(
            i, place=PLACES[i % len(PLACES)], kind=KINDS[i % len(KINDS)],
            day=FIRST_DAY + timedelta(days=i % DAYS), title=f"Report {i} on the truce",
        ))
    for j in range(undated):
        articles.append(_article(
            n + j, place=PLACES[j % len(PLACES)], kind=KINDS[1], day=None,
            title=XSS_TITLE if j == 0 else f"Undated report {j}",
            source='Wire `${alert(1)}` <b>bold</b>',
            url="javascript:alert(1)",
        ))
    store = Store(data_dir)
    store.replace_articles(articles)
    return store
