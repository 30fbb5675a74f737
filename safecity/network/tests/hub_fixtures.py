"""Documents for the hub tests: the fictional demo city, changed a little where a test needs it."""

import copy
import json

from safecity.network.hub import DEMO_DIR

NORRHAVN = json.loads((DEMO_DIR / "norrhavn.json").read_text("utf-8"))
SJOBY = json.loads((DEMO_DIR / "sjoby.json").read_text("utf-8"))


def norrhavn(**changes) -> dict:
    doc = copy.deepcopy(NORRHAVN)
    doc.update(changes)
    return doc


def as_bytes(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
