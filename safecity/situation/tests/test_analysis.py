"""Trend and spike statistics against series whose answers are known."""

from __future__ import annotations

import random

from safecity.situation.analysis import (
    find_spikes,
    negative_binomial_upper_tail,
    observed_from,
    poisson_trend,
    poisson_upper_tail,
)


def poisson_draw(rng: random.Random, mean: float) -> int:
    # Knuth's method; the means here are small.
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def test_it_finds_no_trend_in_a_flat_poisson_series():
    rng = random.Random(4)
    counts = [poisson_draw(rng, 10) for _ in range(60)]
    trend = poisson_trend(counts, periods_per_year=12, months=[i % 12 + 1 for i in range(60)])
    assert trend.enough_data
    assert trend.seasonal
    assert trend.p_value > 0.05
    assert trend.direction == "flat"
    assert trend.ci_low < 0 < trend.ci_high


def test_it_finds_a_significant_increase_in_a_doubling_series():
    rng = random.Random(7)
    # Doubling every year: 5 a month rising to 40 over three years.
    counts = [poisson_draw(rng, 5 * 2 ** (i / 12)) for i in range(36)]
    trend = poisson_trend(counts, periods_per_year=12)
    assert trend.direction == "up"
    assert trend.p_value < 0.001
    assert 0.6 < trend.change_per_year < 1.5
    assert trend.ci_low < 1.0 < trend.ci_high
    assert len(trend.fitted) == 36 and trend.fitted[-1] > trend.fitted[0] * 4


def test_it_finds_the_exact_answer_of_an_exact_exponential():
    counts = [100 * 1.5**i for i in range(10)]
    trend = poisson_trend(counts, periods_per_year=1)
    assert abs(trend.change_per_year - 0.5) < 1e-6
    assert trend.dispersion == 1.0


def test_it_finds_a_decrease():
    rng = random.Random(2)
    counts = [poisson_draw(rng, 30 * 0.5 ** (i / 4)) for i in range(16)]
    trend = poisson_trend(counts, periods_per_year=4)
    assert trend.direction == "down"


def test_it_says_too_little_data_for_a_short_series():
    trend = poisson_trend([10, 12, 9, 11, 14, 13, 12], periods_per_year=12)
    assert not trend.enough_data
    assert trend.direction == "unknown"
    assert trend.p_value is None


def test_it_says_too_little_data_for_few_events():
    trend = poisson_trend([0, 1, 0, 2, 1, 0, 3, 1, 2, 0, 1, 2], periods_per_year=12)
    assert not trend.enough_data


def test_it_catches_an_easter_riot_week_as_a_spike():
    rng = random.Random(2022)
    # Weekly riots around 2 a week; Easter 2022 (week 15) ten times that.
    counts = [poisson_draw(rng, 2) for _ in range(30)]
    counts[15] = 20
    spikes = find_spikes(counts)
    assert [s.index for s in spikes] == [15]
    assert spikes[0].p_value < 0.001
    assert 1 < spikes[0].expected < 3


def test_it_rarely_finds_spikes_in_flat_series():
    # At p < 0.001 per period, ten years of months should mostly pass without a false alarm.
    rng = random.Random(11)
    alarms = sum(bool(find_spikes([poisson_draw(rng, 8) for _ in range(120)])) for _ in range(50))
    assert alarms <= 10


def test_it_does_not_let_one_burst_hide_the_next():
    counts = [3, 2, 3, 4, 2, 3, 30, 3, 2, 3, 30, 3]
    assert [s.index for s in find_spikes(counts)] == [6, 10]


def test_the_tails_are_right():
    # P(X >= 1) for Poisson(1) = 1 - e^-1
    assert abs(poisson_upper_tail(1, 1.0) - (1 - 2.718281828459045**-1)) < 1e-12
    assert poisson_upper_tail(0, 3.0) == 1.0
    # A negative binomial is wider than the Poisson with the same mean.
    assert negative_binomial_upper_tail(10, 3.0, 9.0) > poisson_upper_tail(10, 3.0)


def test_it_leaves_out_the_seasons_when_a_month_never_has_events():
    counts = [0 if i % 12 == 6 else 10 + i for i in range(36)]
    trend = poisson_trend(counts, periods_per_year=12, months=[i % 12 + 1 for i in range(36)])
    assert trend.enough_data and not trend.seasonal


def test_it_claims_no_trend_when_all_events_are_in_the_last_period():
    trend = poisson_trend([0] * 11 + [40], periods_per_year=12)
    assert trend.direction in {"unknown", "up"}


def test_a_source_that_starts_is_neither_a_trend_nor_a_spike_once_its_zeros_are_left_out():
    counts = [0] * 12 + [60 if m == 10 else 10 for m in range(1, 13)]
    first = observed_from(counts)
    assert first == 12
    assert [s.index for s in find_spikes(counts[first:])] == [9]
    assert observed_from([0, 0]) == 2


def test_the_upper_tails_agree_with_the_complement_of_the_lower_sums():
    import math

    for count, mean in ((5, 2.0), (12, 3.5), (40, 10.0)):
        below = sum(math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(count))
        assert abs(poisson_upper_tail(count, mean) - (1 - below)) < 1e-12
    r, p = 3.0, 0.5  # mean 3, variance 6
    below = sum(
        math.exp(
            math.lgamma(k + r) - math.lgamma(r) - math.lgamma(k + 1) + r * math.log(p) + k * math.log1p(-p)
        )
        for k in range(15)
    )
    assert abs(negative_binomial_upper_tail(15, 3.0, 6.0) - (1 - below)) < 1e-12
    assert 0 < poisson_upper_tail(6000, 4000.0) < 1e-100
