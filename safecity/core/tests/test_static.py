import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "safecity.css"


def test_the_stylesheet_has_balanced_braces():
    """A stray brace makes browsers drop the next rule (once it hid the honeypot's display:none)."""
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"stray closing brace on line {number}"
    assert depth == 0, "an unclosed block at the end"
