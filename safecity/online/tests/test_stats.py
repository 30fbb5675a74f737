import datetime as dt

import pytest
from django.utils import timezone

from safecity.online import stats
from safecity.online.tests.insight_factories import at, make_item

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def items(jarva, sodermalm):
    make_item(jarva, DAY, label="hateful", target="islamophobic", platform="facebook")
    make_item(jarva, DAY, label="threat", target="", platform="x")
    # reviewed: the person's label and target win, even an empty target
    make_item(
        jarva,
        DAY + dt.timedelta(days=1),
        label="hateful",
        target="antisemitic",
        reviewed_label="not",
        reviewed_target="",
        reviewed_at=timezone.now(),
    )
    make_item(jarva, dt.date(2026, 4, 2), label="offensive", language="en", platform="facebook")
    make_item(sodermalm, DAY, label="hateful", target="homophobic")


def test_it_counts_by_final_label_per_month(items, jarva):
    rows = stats.volume_by_label(stats.scope([jarva.pk]), "month")
    found = {(r["period"], r["final_label"]): r["count"] for r in rows}
    assert found == {
        (dt.date(2026, 3, 1), "hateful"): 1,
        (dt.date(2026, 3, 1), "threat"): 1,
        (dt.date(2026, 3, 1), "not"): 1,
        (dt.date(2026, 4, 1), "offensive"): 1,
    }


def test_it_counts_by_final_target_leaving_out_items_without_one(items, jarva):
    rows = stats.volume_by_target(stats.scope([jarva.pk]), "day")
    assert [(r["period"], r["final_target"], r["count"]) for r in rows] == [(DAY, "islamophobic", 1)]


def test_every_unit_when_no_units_are_given(items):
    assert sum(stats.by_label(stats.scope(None)).values()) == 5


def test_it_filters_by_date_range_in_local_days(items, jarva):
    s = stats.scope([jarva.pk], DAY, DAY)
    assert stats.by_label(s) == {"hateful": 1, "threat": 1}


def test_day_bounds_are_local_midnight(jarva):
    make_item(jarva, DAY, posted_at=at(DAY, 0))  # 00:00 local time is the same day
    make_item(jarva, DAY, posted_at=at(DAY - dt.timedelta(days=1), 23))
    assert stats.totals(stats.scope([jarva.pk], DAY, DAY))["total"] == 1


def test_platform_language_and_reviewed_filters(items, jarva):
    assert stats.totals(stats.scope([jarva.pk], platform="x"))["total"] == 1
    assert stats.totals(stats.scope([jarva.pk], language="en"))["total"] == 1
    assert stats.totals(stats.scope([jarva.pk], reviewed_only=True))["total"] == 1
    assert stats.by_platform(stats.scope([jarva.pk]))[0] == {"platform": "facebook", "count": 3}
    assert {r["language"] for r in stats.by_language(stats.scope([jarva.pk]))} == {"sv", "en"}


def test_unreviewed_counts(items, jarva):
    assert stats.unreviewed(stats.scope([jarva.pk])) == 3
    assert stats.totals(stats.scope([jarva.pk])) == {"total": 4, "reviewed": 1, "unreviewed": 3}


def test_daily_harmful_uses_the_final_label(items, jarva):
    assert stats.daily_harmful(stats.scope([jarva.pk])) == {DAY: 2}


def test_suppressed_variants_hide_small_counts(items, jarva, settings):
    settings.SUPPRESSION_THRESHOLD = 5
    rows = stats.suppressed_volume_by_label(stats.scope([jarva.pk]), "month")
    assert {r["count"] for r in rows} == {"<5"}
    assert stats.suppressed_total(stats.scope([jarva.pk])) == "<5"


def test_small_platforms_are_merged_and_not_named(jarva, settings):
    settings.SUPPRESSION_THRESHOLD = 5
    for _ in range(6):
        make_item(jarva, DAY, platform="facebook")
    make_item(jarva, DAY, platform="rare-forum")
    rows = stats.suppressed_by_platform(stats.scope([jarva.pk]))
    assert rows == [{"platform": "facebook", "count": 6}, {"platform": "", "count": "<5"}]


def test_counts_use_one_query(items, jarva, django_assert_num_queries):
    with django_assert_num_queries(1):
        stats.volume_by_label(stats.scope([jarva.pk]), "week")


def test_unknown_dimension_is_refused():
    with pytest.raises(ValueError, match="author"):
        stats.counts(stats.scope(), ("author_hash",))


def test_period_starts_cover_the_range():
    assert stats.period_starts(dt.date(2026, 1, 30), dt.date(2026, 3, 2), "month") == [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
    ]
    weeks = stats.period_starts(dt.date(2026, 3, 4), dt.date(2026, 3, 16), "week")
    assert weeks == [dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16)]
    assert len(stats.period_starts(DAY, DAY + dt.timedelta(days=2), "day")) == 3
