from django.test import override_settings

from safecity.core.suppression import is_suppressed, suppress, suppress_rows


def test_small_counts_show_as_less_than_five():
    assert [suppress(n) for n in range(0, 7)] == [0, "<5", "<5", "<5", "<5", 5, 6]


def test_the_threshold_is_configurable():
    assert suppress(9, threshold=10) == "<10"
    with override_settings(SUPPRESSION_THRESHOLD=3):
        assert suppress(2) == "<3" and suppress(3) == 3


def test_nothing_stays_nothing():
    assert suppress(None) is None


def test_rows_keep_their_keys():
    rows = [{"kind": "threat", "count": 2}, {"kind": "propaganda", "count": 40}]
    assert suppress_rows(rows) == [{"kind": "threat", "count": "<5"}, {"kind": "propaganda", "count": 40}]
    assert is_suppressed("<5") and not is_suppressed(40)


def test_the_template_filter():
    from django.template import Context, Template

    rendered = Template("{% load suppression %}{{ a|suppress }} {{ b|suppress }} {{ c|suppress:10 }}").render(
        Context({"a": 3, "b": 12, "c": 7})
    )
    assert rendered == "&lt;5 12 &lt;10"
