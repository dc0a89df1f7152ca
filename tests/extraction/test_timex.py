"""Time expressions resolved to periods: absolute ones on their own, relative ones against
the publication date, and none at all when a relative one has no date to lean on."""

from __future__ import annotations

from datetime import date

import pytest

from claimgraph.extraction.timex import parse_date, resolve_time

THU = date(2019, 5, 16)  # a Thursday
TUE = date(2019, 5, 14)  # the Tuesday of the same week


def test_last_month_is_the_whole_previous_month():
    assert resolve_time("last month", date(2019, 5, 12)) == (date(2019, 4, 1), date(2019, 4, 30))


def test_last_month_crosses_the_year_boundary():
    assert resolve_time("last month", date(2019, 1, 15)) == (date(2018, 12, 1), date(2018, 12, 31))


def test_late_2017_is_the_last_third_of_the_year():
    assert resolve_time("late 2017", None) == (date(2017, 9, 1), date(2017, 12, 31))
    assert resolve_time("In late 2017", None) == (date(2017, 9, 1), date(2017, 12, 31))


def test_early_and_mid_year():
    assert resolve_time("early 2018", None) == (date(2018, 1, 1), date(2018, 4, 30))
    assert resolve_time("mid-2016", None) == (date(2016, 5, 1), date(2016, 8, 31))


def test_on_tuesday_is_the_latest_tuesday_up_to_publication():
    assert resolve_time("on Tuesday", THU) == (TUE, TUE)
    # published on a Tuesday, "on Tuesday" is that very day
    assert resolve_time("on Tuesday", TUE) == (TUE, TUE)


def test_last_and_next_weekday():
    assert resolve_time("last Tuesday", TUE) == (date(2019, 5, 7), date(2019, 5, 7))
    assert resolve_time("next Tuesday", THU) == (date(2019, 5, 21), date(2019, 5, 21))


def test_last_week_runs_monday_to_sunday():
    assert resolve_time("last week", date(2024, 3, 12)) == (date(2024, 3, 4), date(2024, 3, 10))


def test_yesterday_and_days_ago():
    assert resolve_time("yesterday", date(2019, 3, 1)) == (date(2019, 2, 28), date(2019, 2, 28))
    assert resolve_time("three days ago", date(2019, 3, 1)) == (date(2019, 2, 26), date(2019, 2, 26))


def test_a_bare_month_is_the_latest_one_not_after_publication():
    published = date(2024, 3, 12)
    assert resolve_time("January", published) == (date(2024, 1, 1), date(2024, 1, 31))
    assert resolve_time("in December", published) == (date(2023, 12, 1), date(2023, 12, 31))


@pytest.mark.parametrize("text, period", [
    ("2006", (date(2006, 1, 1), date(2006, 12, 31))),
    ("March 2019", (date(2019, 3, 1), date(2019, 3, 31))),
    ("12 March 2024", (date(2024, 3, 12), date(2024, 3, 12))),
    ("March 12, 2024", (date(2024, 3, 12), date(2024, 3, 12))),
    ("the 1990s", (date(1990, 1, 1), date(1999, 12, 31))),
])
def test_absolute_expressions_need_no_publication_date(text, period):
    assert resolve_time(text, None) == period


@pytest.mark.parametrize("text", ["last month", "on Tuesday", "yesterday", "last week", "two years ago",
                                  "January"])
def test_relative_expressions_are_unresolvable_without_a_publication_date(text):
    assert resolve_time(text, None) is None


@pytest.mark.parametrize("text", ["the Red Ridge Front", "31 February 2019", "soon"])
def test_what_is_no_date_resolves_to_nothing(text):
    assert resolve_time(text, date(2019, 5, 12)) is None


def test_parse_date_reads_iso_dates_and_timestamps():
    assert parse_date("2019-05-12") == date(2019, 5, 12)
    assert parse_date("2019-05-12T08:30:00+02:00") == date(2019, 5, 12)
    assert parse_date("2019") == date(2019, 1, 1)
    assert parse_date(None) is None
    assert parse_date("2019-13-45") is None


def test_a_claim_carries_its_time_resolved_against_publication(extractor):
    text = "Last month, the Quds Force was designated as a US terrorist organization."
    (claim,) = extractor.extract(text, published="2019-05-12").claims
    assert claim.time is not None
    assert claim.time.text == "Last month"
    assert (claim.time.start, claim.time.end) == ("2019-04-01", "2019-04-30")
    assert text[claim.time.offset_start:claim.time.offset_end] == "Last month"


def test_without_publication_date_the_claim_keeps_the_text_of_its_time(extractor):
    text = "Last month, the Quds Force was designated as a US terrorist organization."
    (claim,) = extractor.extract(text).claims
    assert claim.time is not None
    assert claim.time.text == "Last month"
    assert claim.time.start is None and claim.time.end is None
