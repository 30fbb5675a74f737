import datetime as dt
import time

from safecity.online import stats, themes
from safecity.online.tests.insight_factories import make_item

DAY = dt.date(2026, 5, 4)


def test_scrub_removes_handles_addresses_and_personal_numbers():
    text = (
        "@kalle_anka skrev till kalle@example.se och ring 070-123 45 67, se https://x.example/a 19121212-1212"
    )
    cleaned = themes.scrub(text)
    assert "kalle" not in cleaned
    assert "070" not in cleaned
    assert "example" not in cleaned
    assert "1212" not in cleaned
    assert "skrev" in cleaned


def test_terms_stand_out_against_the_rest_of_the_corpus(jarva):
    for n in range(12):
        make_item(jarva, DAY - dt.timedelta(days=60), text=f"kommunen budget skolan möte {n}")
    for n in range(12):
        make_item(jarva, DAY, text=f"kommunen moskén brand hot moskén {n}")
    found = themes.analyse(stats.scope([jarva.pk], DAY, DAY))
    terms = [t.term for t in found.terms]
    assert terms[0] == "moskén"
    assert terms.index("moskén") < terms.index("kommunen")
    assert "budget" not in terms
    assert found.items == found.analysed == 12
    assert not found.sampled


def test_stop_words_numbers_and_handles_never_become_terms(jarva):
    for _ in range(5):
        make_item(jarva, DAY, text="och det är @trollkonto 0701234567 som hatar alla här")
    terms = {t.term for t in themes.analyse(stats.scope([jarva.pk], DAY, DAY)).terms}
    assert "trollkonto" not in terms
    assert "och" not in terms
    assert not any(char.isdigit() for term in terms for char in term)
    assert "hatar" in terms


def test_a_term_must_occur_in_two_items(jarva):
    make_item(jarva, DAY, text="unikt ordxyz här")
    make_item(jarva, DAY, text="vanligt ord vanligt")
    make_item(jarva, DAY, text="vanligt igen")
    terms = {t.term for t in themes.analyse(stats.scope([jarva.pk], DAY, DAY)).terms}
    assert "vanligt" in terms
    assert "ordxyz" not in terms


def test_harmful_only_leaves_other_items_out(jarva):
    for _ in range(3):
        make_item(jarva, DAY, label="not", text="fotboll match mål")
        make_item(jarva, DAY, label="threat", text="skjuta bränna hot")
    terms = {t.term for t in themes.analyse(stats.scope([jarva.pk], DAY, DAY), harmful_only=True).terms}
    assert "bränna" in terms
    assert "fotboll" not in terms


def test_bigrams_and_named_topics(jarva):
    for n in range(20):
        make_item(jarva, DAY, text=f"moskén brand rinkeby natten {n}")
        make_item(jarva, DAY, text=f"pride parad regnbåge flagga {n}")
    found = themes.analyse(stats.scope([jarva.pk], DAY, DAY))
    assert ("moskén brand", 20) in [(b.term, b.items) for b in found.bigrams]
    assert len(found.topics) >= 2
    names = " ".join(t.name for t in found.topics)
    assert "moskén" in names and "pride" in names
    assert sum(t.items for t in found.topics) == 40


def test_topics_are_repeatable(jarva):
    for n in range(30):
        make_item(jarva, DAY, text=f"ord{'abc'[n % 3]} tema{'xyz'[n % 3]} text{'klm'[n % 3]}")
    first = themes.analyse(stats.scope([jarva.pk], DAY, DAY)).topics
    second = themes.analyse(stats.scope([jarva.pk], DAY, DAY)).topics
    assert [(t.name, t.items) for t in first] == [(t.name, t.items) for t in second]


def test_above_the_cap_it_samples_and_says_so(jarva):
    for n in range(8):
        make_item(jarva, DAY, text=f"hat ord {n}")
    found = themes.analyse(stats.scope([jarva.pk], DAY, DAY), max_items=5)
    assert found.items == 8
    assert found.analysed == 5
    assert found.sampled


def test_no_items_no_themes(jarva):
    found = themes.analyse(stats.scope([jarva.pk], DAY, DAY))
    assert found.items == 0 and found.terms == [] and found.topics == []


def test_twenty_thousand_items_in_a_few_seconds(jarva):
    from safecity.online.models import OnlineItem
    from safecity.online.tests.insight_factories import at

    words = "moské brand skola hot polis invandrare kvinnor judar muslimer pride buss tunnelbana park".split()
    OnlineItem.objects.bulk_create(
        [
            OnlineItem(
                unit=jarva,
                fingerprint=f"bulk-{n}",
                platform="x",
                posted_at=at(DAY),
                text=" ".join(words[(n * k) % len(words)] for k in range(1, 12)) + f" nr{n}",
                label="hateful",
            )
            for n in range(20_000)
        ]
    )
    started = time.perf_counter()
    found = themes.analyse(stats.scope([jarva.pk], DAY, DAY))
    elapsed = time.perf_counter() - started
    assert found.analysed == 20_000
    assert elapsed < 30  # "a few seconds" on a free core; generous for a shared test machine
