"""Date expressions: absolute forms, weekdays, relative and anchored phrases, years, precision."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.dates import DateStage, find_dates
from pipeline.model import Article

PUB = date(2016, 2, 24)  # a Wednesday


def _one(text: str, published: date | None = PUB):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def _range(text: str, published: date | None = PUB):
    d = _one(text, published)
    return d.date, d.date_end, d.precision


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks began on 22 Feb 2016.", date(2016, 2, 22)),
        ("Talks began on Feb. 22, 2016.", date(2016, 2, 22)),
        ("Talks began on 2016-02-22.", date(2016, 2, 22)),
        ("Talks began on February 22nd, 2016.", date(2016, 2, 22)),
        ("Talks began on the 22nd of February 2016.", date(2016, 2, 22)),
        ("Clashes on 3 March 2014 killed five.", date(2014, 3, 3)),
        ("Published September 9, 2015.", date(2015, 9, 9)),
        ("Sept. 9, 2015", date(2015, 9, 9)),
    ],
)
def test_absolute_dates_with_a_year(text, expected):
    assert _range(text) == (expected, expected, "day")


def test_offsets_cover_the_expression_without_its_preposition():
    text = "The truce held on 27 February."
    d = _one(text)
    assert text[d.start : d.end] == d.text == "27 February"


def test_day_and_month_take_the_year_nearest_publication_not_after_it():
    assert _one("Shelling on 20 February.").date == date(2016, 2, 20)
    # late February written in January means last year's, not next month's
    assert _one("Shelling on 28 December.", date(2016, 1, 3)).date == date(2015, 12, 28)
    assert _one("Shelling on 25 February.").date == date(2015, 2, 25)


def test_a_future_verb_takes_the_next_occurrence():
    d = _one("The truce would begin on 27 February.")
    assert (d.date, d.future) == (date(2016, 2, 27), True)
    d = _one("The agreement will take effect on January 2.", date(2015, 12, 30))
    assert (d.date, d.future) == (date(2016, 1, 2), True)


@pytest.mark.parametrize(
    "text",
    [
        "It is set to start on March 3.",
        "The ceasefire is due to begin on March 3.",
        "It is scheduled for March 3.",
        "The truce, to take effect on March 3, was agreed.",
        "effective March 3",
    ],
)
def test_future_cues(text):
    d = _one(text)
    assert d.future and d.date == date(2016, 3, 3)


def test_past_verbs_after_a_would_clause_are_not_future():
    d = _one("The convoy, which would carry flour, arrived on Tuesday.")
    assert (d.date, d.future) == (date(2016, 2, 23), False)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ministry said on Wednesday.", date(2016, 2, 24)),  # publication day itself
        ("Two convoys arrived on Tuesday.", date(2016, 2, 23)),
        ("Clashes erupted on Thursday.", date(2016, 2, 18)),
        ("In a Monday statement, it said.", date(2016, 2, 22)),
        ("Clashes erupted last Wednesday.", date(2016, 2, 17)),
        ("Talks resume next Monday.", date(2016, 2, 29)),
        ("The envoy will arrive on Friday.", date(2016, 2, 26)),
        ("Clashes erupted on Sunday night.", date(2016, 2, 21)),
    ],
)
def test_weekdays_against_publication(text, expected):
    assert _one(text).date == expected


@pytest.mark.parametrize(
    "text, first, last, precision",
    [
        ("yesterday", date(2016, 2, 23), date(2016, 2, 23), "day"),
        ("today", PUB, PUB, "day"),
        ("last night", date(2016, 2, 23), date(2016, 2, 23), "day"),
        ("the day before yesterday", date(2016, 2, 22), date(2016, 2, 22), "day"),
        ("three days ago", date(2016, 2, 21), date(2016, 2, 21), "day"),
        ("Earlier this month, trucks arrived.", date(2016, 2, 1), PUB, "month"),
        ("this month", date(2016, 2, 1), PUB, "month"),
        ("last month", date(2016, 1, 1), date(2016, 1, 31), "month"),
        ("last week", date(2016, 2, 15), date(2016, 2, 21), "week"),
        ("earlier this week", date(2016, 2, 22), PUB, "week"),
        ("next week", date(2016, 2, 29), date(2016, 3, 6), "week"),
        ("in recent days", date(2016, 2, 17), PUB, "week"),
        ("the past week", date(2016, 2, 17), PUB, "week"),
        ("last year", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ("earlier this year", date(2016, 1, 1), PUB, "year"),
    ],
)
def test_relative_periods(text, first, last, precision):
    assert _range(text) == (first, last, precision)


def test_next_week_is_future():
    assert _one("Talks resume next week.").future


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("Talks were held in March.", date(2015, 3, 1), date(2015, 3, 31)),
        ("Clashes in January killed dozens.", date(2016, 1, 1), date(2016, 1, 31)),
        ("Fighting in March 2011.", date(2011, 3, 1), date(2011, 3, 31)),
        ("in early January", date(2016, 1, 1), date(2016, 1, 10)),
        ("by mid-January", date(2016, 1, 11), date(2016, 1, 20)),
        ("In late December 2015, aid arrived.", date(2015, 12, 21), date(2015, 12, 31)),
        ("The siege began in February.", date(2016, 2, 1), PUB),  # clipped at publication
    ],
)
def test_months(text, first, last):
    assert _range(text) == (first, last, "month")


def test_years_need_a_preposition():
    assert _range("The war began in 2011.") == (date(2011, 1, 1), date(2011, 12, 31), "year")
    assert find_dates("Resolution 2254 was adopted.", PUB) == []
    assert find_dates("Some 2015 people fled.", PUB) == []


def test_may_and_march_as_words_are_not_months():
    assert find_dates("Talks may resume. Protesters march to the square.", PUB) == []


def test_ranges_of_days_in_one_month():
    d = _one("Talks on 22-23 February in Geneva.")
    assert (d.date, d.date_end, d.precision) == (date(2016, 2, 22), date(2016, 2, 23), "week")
    d = _one("between 1 and 3 March 2015")
    assert (d.date, d.date_end) == (date(2015, 3, 1), date(2015, 3, 3))


def test_weekday_with_a_date_is_one_mention():
    d = _one("on Tuesday, 23 February")
    assert (d.text, d.date) == ("Tuesday, 23 February", date(2016, 2, 23))


def test_following_day_counts_from_the_last_dated_day_in_the_text():
    text = "They agreed on 22 February. The government accepted the following day."
    first, second = find_dates(text, PUB)
    assert second.date == date(2016, 2, 23) and second.precision == "day"


@pytest.mark.parametrize(
    "text, first, precision",
    [
        ("Relief flights landed over the past three days.", date(2016, 2, 21), "week"),
        ("Aid reached the town in the past two weeks.", date(2016, 2, 10), "month"),
    ],
)
def test_the_past_n_days_run_to_publication(text, first, precision):
    assert _range(text) == (first, PUB, precision)


def test_a_future_weekday_that_is_the_day_of_publication_is_that_day():
    d = _one("The convoy is due to enter the town on Wednesday morning.")
    assert d.date == PUB and d.future


def test_the_same_day_is_the_last_dated_day_in_the_text():
    text = "A convoy reached the town on Tuesday. A second was turned back the same day."
    first, second = find_dates(text, PUB)
    assert (second.text, second.date, second.precision) == ("the same day", date(2016, 2, 23),
                                                            "day")


def test_a_future_date_does_not_anchor_the_following_day():
    text = (
        "They agreed on 22 February to a truce which would begin on 27 February. "
        "The government accepted the following day."
    )
    dates = find_dates(text, PUB)
    assert [d.date for d in dates] == [date(2016, 2, 22), date(2016, 2, 27), date(2016, 2, 23)]


def test_a_day_after_dates_the_clause_it_introduces_one_day_earlier():
    text = "The ministry said on Wednesday that talks began. It came a day after an envoy said so."
    dates = find_dates(text, PUB)
    assert dates[-1].text == "a day after" and dates[-1].date == date(2016, 2, 23)


def test_two_days_later_and_earlier():
    text = "Fighting began on 10 January. Two days later a truce held; three days earlier not."
    assert [d.date for d in find_dates(text, PUB)] == [
        date(2016, 1, 10),
        date(2016, 1, 12),
        date(2016, 1, 9),
    ]


def test_anchored_phrases_without_an_anchor_stay_unresolved():
    d = _one("The government accepted the following day.")
    assert (d.date, d.precision) == (None, "unknown")


def test_without_publication_relative_expressions_are_never_invented():
    for text in [
        "on Tuesday",
        "yesterday",
        "last week",
        "earlier this month",
        "two days ago",
        "in March",
        "on 27 February",
    ]:
        d = _one(text, None)
        assert (d.date, d.date_end, d.precision) == (None, None, "unknown"), text


def test_without_publication_absolute_dates_still_resolve():
    assert _one("on 22 February 2016", None).date == date(2016, 2, 22)


def test_without_publication_a_day_month_takes_the_year_of_an_earlier_full_date():
    dates = find_dates("Fighting on 30 December 2015. On 2 January, a truce.", None)
    assert [d.date for d in dates] == [date(2015, 12, 30), date(2016, 1, 2)]


def test_impossible_days_are_unresolved():
    d = _one("on 31 February 2016")
    assert (d.date, d.precision) == (None, "unknown")


def test_leap_day_without_a_year():
    assert _one("on 29 February", date(2017, 3, 1)).date == date(2016, 2, 29)


def test_date_stage_fills_the_article():
    article = Article(article_id="a", body="Clashes on Monday.", published=PUB)
    assert DateStage()(article) is article
    assert [d.date for d in article.dates] == [date(2016, 2, 22)]


def test_since_runs_from_the_date_to_publication():
    assert _range("Fighting since March 2011.") == (date(2011, 3, 1), PUB, "year")
    assert _range("Besieged since 20 February.") == (date(2016, 2, 20), PUB, "week")
    assert _one("Talks since Monday.", None).date_end is None


def test_a_weekday_with_day_and_month_picks_the_year_it_fits():
    # published 20 May 2023: "Monday, 22 May" is 2023 (a Monday), though after publication
    assert _one("It starts on Monday, 22 May.", date(2023, 5, 20)).date == date(2023, 5, 22)


def test_is_to_take_effect_is_future():
    d = _one("The truce is to take effect at 9:45 p.m. on Monday.", date(2023, 5, 20))
    assert d.future and d.date == date(2023, 5, 22)
