from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safecity.core.richtext import ALLOWED_TAGS, plain, render


def test_it_renders_headings_lists_and_links():
    html = render("# Lägesbild\n\n- skola\n- fritid\n\n[Polisen](https://polisen.se)")
    assert "<h2>Lägesbild</h2>" in html
    assert "<li>skola</li>" in html
    assert 'href="https://polisen.se"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klicka](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<style>body{display:none}</style>",
        '<p style="color:red" onclick="x()">text</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_no_script_style_or_handler_survives(attack):
    html = str(render(attack)).lower()
    for needle in [
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<style",
        "style=",
        "<iframe",
        "<svg",
        "<img",
    ]:
        assert needle not in html


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdefghijklmnopqrstuvwxyz:()[]#*-")), max_size=300))
def test_nothing_typed_produces_a_tag_or_attribute_outside_the_allow_list(text):
    collected = _Collect()
    collected.feed(str(render(text)))
    assert collected.tags <= ALLOWED_TAGS
    for name, value in collected.attributes:
        assert not name.startswith("on")
        assert name in {"href", "title", "rel", "scope", "start"}
        if name == "href":
            assert not (value or "").strip().lower().startswith("javascript")


def test_plain_strips_markup():
    assert plain("**Viktigt:** läs *detta*") == "Viktigt: läs detta"
