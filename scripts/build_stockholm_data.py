"""Rebuild safecity/organisation/data/stockholm/ from the project's shared open data.

Run by hand when the shared data changes: python scripts/build_stockholm_data.py ../shared/data
The product never reads ../shared at run time; it reads the copies this script writes.
"""

import csv
import json
import sys
from pathlib import Path

from django.utils.text import slugify

SPECIAL_NAMES = {
    "GAMLA STAN": "Gamla stan",
    "ULVSUNDA INDUSTRIOMR": "Ulvsunda industriområde",
}
PROPER_PREFIXES = {"GAMLA", "LILLA", "STORA", "NORRA", "SÖDRA"}


def display_name(upper: str) -> str:
    if upper in SPECIAL_NAMES:
        return SPECIAL_NAMES[upper]
    words = upper.split()
    out = [words[0].capitalize()]
    for word in words[1:]:
        out.append(word.capitalize() if words[0] in PROPER_PREFIXES else word.lower())
    return "-".join(part[:1].upper() + part[1:] for part in " ".join(out).split("-"))


def main(shared: Path, target: Path) -> None:
    stockholm = shared / "stockholm"
    geo = json.loads((stockholm / "stadsdelar.geo.json").read_text(encoding="utf-8"))
    features = []
    for feature in geo["features"]:
        upper = feature["properties"]["name"]
        name = display_name(upper)
        rounded = [
            [[round(x, 5), round(y, 5)] for x, y in ring] for ring in feature["geometry"]["coordinates"]
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": slugify(name), "name": name, "source_name": upper},
                "geometry": {"type": "Polygon", "coordinates": rounded},
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    (target / "areas.geojson").write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
        ),
        encoding="utf-8",
    )
    with (
        (stockholm / "stadsdelar.csv").open(encoding="utf-8") as src,
        (target / "area_units.csv").open("w", encoding="utf-8", newline="") as dst,
    ):
        writer = csv.writer(dst)
        writer.writerow(["area", "unit", "valid_from", "valid_to"])
        for row in sorted(csv.DictReader(src), key=lambda r: slugify(display_name(r["stadsdel"]))):
            writer.writerow([slugify(display_name(row["stadsdel"])), slugify(row["stadsdelsomrade"]), "", ""])


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "safecity/organisation/data/stockholm")
