"""Sentence splitting: offsets into the body, abbreviations, initials, quotes, headlines, lines."""

from __future__ import annotations

import pytest

from pipeline.model import Article
from pipeline.sentences import paragraph_starts, sentence_spans, split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_offsets_point_into_the_text_and_are_trimmed():
    text = "  Aid arrived.   Shelling resumed!  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["Aid arrived.", "Shelling resumed!"]
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Lavrov met Gen. Smith. They talked.", ["Mr. Lavrov met Gen. Smith.", "They talked."]),
        ("Lt. Col. Ahmed said so. Talks ended.", ["Lt. Col. Ahmed said so.", "Talks ended."]),
        ("George W. Bush spoke. He left.", ["George W. Bush spoke.", "He left."]),
        (
            "It began on Feb. 24, 2016 in Homs. Then it ended.",
            ["It began on Feb. 24, 2016 in Homs.", "Then it ended."],
        ),
        (
            "The U.N. envoy arrived. He met officials.",
            ["The U.N. envoy arrived.", "He met officials."],
        ),
        (
            "Sanctions came from the U.S. The ministry objected.",
            ["Sanctions came from the U.S.", "The ministry objected."],
        ),
        (
            "U.S. and Russian officials met. No deal.",
            ["U.S. and Russian officials met.", "No deal."],
        ),
    ],
)
def test_abbreviations_initials_and_acronyms_do_not_end_sentences(text, expected):
    assert _split(text) == expected


def test_question_and_exclamation_marks_end_sentences():
    assert _split("Will it hold? Nobody knows! Wait.") == [
        "Will it hold?",
        "Nobody knows!",
        "Wait.",
    ]


def test_closing_quote_stays_with_its_sentence():
    text = 'He said the aid "landed as planned." The UN confirmed it.'
    assert _split(text) == ['He said the aid "landed as planned."', "The UN confirmed it."]


def test_a_sentence_opening_with_a_quote_is_split_before_the_quote():
    text = 'Aid arrived. "We are waiting," he said.'
    assert _split(text) == ["Aid arrived.", '"We are waiting," he said.']


def test_lowercase_after_a_period_does_not_split():
    assert _split("It costs approx. five dollars. Fine.") == [
        "It costs approx. five dollars.",
        "Fine.",
    ]


def test_headline_without_final_punctuation_is_its_own_sentence():
    text = "Truce holds in Homs\nThe ceasefire held overnight, monitors said."
    assert _split(text) == ["Truce holds in Homs", "The ceasefire held overnight, monitors said."]


def test_hard_wrapped_lines_are_joined_into_one_sentence():
    text = (
        "Russia has begun negotiations with armed groups operating in\n"
        "Syria on implementing a planned ceasefire in five provinces,\n"
        "the defence ministry says. It gave no details.\n"
    )
    sentences = _split(text)
    assert len(sentences) == 2
    assert sentences[0].startswith("Russia") and sentences[0].endswith("says.")


def test_a_wrapped_line_ending_in_a_function_word_is_not_a_headline():
    text = "Heavy fighting was reported in\nAleppo and Idlib on Monday."
    assert len(_split(text)) == 1


def test_blank_lines_always_end_a_sentence():
    assert _split("Aid arrived in Madaya\n\nthe convoy left") == [
        "Aid arrived in Madaya",
        "the convoy left",
    ]


def test_paragraph_starts_mark_sentences_after_a_line_break():
    text = "One. Two.\nThree."
    spans = sentence_spans(text)
    assert paragraph_starts(text, spans) == [True, False, True]


def test_split_sentences_stage_fills_the_article():
    article = Article(article_id="a", body="Aid arrived. Clashes erupted.")
    assert split_sentences(article) is article
    assert article.sentences == [(0, 12), (13, 29)]


def test_empty_and_punctuation_only_bodies_give_no_crash():
    assert sentence_spans("") == []
    assert sentence_spans("   \n\n ") == []
    assert _split("...!?") == ["...!?"]


def test_arabic_script_after_a_period_opens_a_sentence():
    assert len(_split("The town is called Madaya. مضايا is its Arabic name.")) == 2


def test_list_items_are_sentences_without_their_bullets():
    text = "HIGHLIGHTS\n- A convoy reached Madaya\n- The UN suspended convoys\n* Talks resumed"
    assert _split(text) == ["HIGHLIGHTS", "A convoy reached Madaya", "The UN suspended convoys",
                            "Talks resumed"]  # fmt: skip
