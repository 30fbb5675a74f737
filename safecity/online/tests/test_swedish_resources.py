"""The Swedish (and Nordic) resources of the online-hate classifier: lexicon, training file, functional suite.

These tests need no database. They check that the files parse, that every value is one the product knows,
that nothing is duplicated, that the functional suite stays apart from the training data (it is for evaluation
only, so it must not be memorised), and that every label and target group has enough examples.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

LABELS = {"not", "offensive", "hateful", "threat"}
TARGETS = {
    "",
    "xenophobic",
    "afrophobic",
    "antiziganist",
    "antisemitic",
    "islamophobic",
    "christianophobic",
    "other_religion",
    "homophobic",
    "transphobic",
    "disability",
    "gender",
    "other",
}
GROUP_TARGETS = TARGETS - {""}
KINDS = {"slur", "dehumanising", "group", "threat", "profanity", "counter"}
LEXICON_LANGUAGES = {"sv", "en", "da", "no"}
TRAINING_LANGUAGES = {"sv", "no", "da"}
FUNCTIONALITIES = {
    "derog_neg_emote_h",
    "derog_neg_attrib_h",
    "derog_dehum_h",
    "derog_impl_h",
    "threat_dir_h",
    "threat_norm_h",
    "slur_h",
    "slur_homonym_nh",
    "slur_reclaimed_nh",
    "profanity_h",
    "profanity_nh",
    "ref_subs_clause_h",
    "ref_subs_sent_h",
    "negate_pos_h",
    "negate_neg_nh",
    "phrase_question_h",
    "phrase_opinion_h",
    "ident_neutral_nh",
    "ident_pos_nh",
    "counter_quote_nh",
    "counter_ref_nh",
    "target_obj_nh",
    "target_indiv_nh",
    "target_group_nh",
    "spell_char_swap_h",
    "spell_char_del_h",
    "spell_space_del_h",
    "spell_space_add_h",
    "spell_leet_h",
    "threat_no_target",
}
# Hateful functionalities must carry a hateful or threat label, the "_nh" ones must not be hateful.
HATEFUL_FUNCTIONALITIES = {f for f in FUNCTIONALITIES if f.endswith("_h")}

MIN_LEXICON = {"sv": 300, "en": 100, "da": 100, "no": 100}
MIN_TRAINING_SV = 1500
MIN_TRAINING_SV_LABEL = {"not": 600, "offensive": 250, "threat": 150}
MIN_TRAINING_SV_HATEFUL_PER_TARGET = 40
MIN_TRAINING_NO = 200
MIN_TRAINING_DA = 100
MIN_SUITE = 600


def read(name, columns):
    path = DATA / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == columns, f"{name}: header {reader.fieldnames}"
        rows = list(reader)
    for number, row in enumerate(rows, start=2):
        assert None not in row and all(value is not None for value in row.values()), f"{name}:{number} {row}"
    return rows


def normalise(text):
    return " ".join(text.lower().split())


def tokens(text):
    return set(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def lexicon():
    return read("lexicon.csv", ["term", "language", "target", "kind", "weight"])


@pytest.fixture(scope="module")
def training():
    return read("sv_training.csv", ["text", "label", "target", "language"])


@pytest.fixture(scope="module")
def suite():
    return read("sv_functional_suite.csv", ["id", "functionality", "text", "label", "target"])


def test_files_are_utf8_without_bom():
    for name in ("lexicon.csv", "sv_training.csv", "sv_functional_suite.csv", "README-sv.md"):
        raw = (DATA / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        raw.decode("utf-8")


def test_lexicon_values(lexicon):
    seen = set()
    for row in lexicon:
        term = row["term"]
        assert term and term == term.lower() and term == term.strip(), row
        # A trailing * is a prefix match (Swedish compounds); a * inside a term is a literal obfuscation (j*d).
        assert term.rstrip("*"), row
        assert row["language"] in LEXICON_LANGUAGES, row
        assert row["target"] in TARGETS, row
        assert row["kind"] in KINDS, row
        assert row["weight"] in {"1", "2", "3"}, row
        key = (term, row["language"], row["target"], row["kind"])
        assert key not in seen, f"duplicate lexicon row {key}"
        seen.add(key)
        if row["kind"] in {"slur", "dehumanising"}:
            assert row["target"] or row["kind"] == "dehumanising", f"a slur needs its target: {row}"


def test_lexicon_coverage(lexicon):
    per_language = Counter(row["language"] for row in lexicon)
    for language, minimum in MIN_LEXICON.items():
        assert per_language[language] >= minimum, (language, per_language[language])
    for language in LEXICON_LANGUAGES:
        targets = {row["target"] for row in lexicon if row["language"] == language and row["target"]}
        assert targets == GROUP_TARGETS, (language, GROUP_TARGETS - targets)
        kinds = {row["kind"] for row in lexicon if row["language"] == language}
        assert kinds == KINDS, (language, KINDS - kinds)


def test_training_values(training):
    seen = set()
    for row in training:
        assert row["text"].strip(), row
        assert row["label"] in LABELS, row
        assert row["target"] in TARGETS, row
        assert row["language"] in TRAINING_LANGUAGES, row
        if row["label"] == "hateful":
            assert row["target"], f"hateful rows name their target group: {row}"
        if row["label"] == "offensive":
            assert not row["target"], f"offensive rows attack no group: {row}"
        key = normalise(row["text"])
        assert key not in seen, f"duplicate training text: {row['text']}"
        seen.add(key)


def test_training_counts(training):
    sv = [row for row in training if row["language"] == "sv"]
    assert len(sv) >= MIN_TRAINING_SV
    labels = Counter(row["label"] for row in sv)
    for label, minimum in MIN_TRAINING_SV_LABEL.items():
        assert labels[label] >= minimum, (label, labels[label])
    hateful = Counter(row["target"] for row in sv if row["label"] == "hateful")
    for target in GROUP_TARGETS:
        assert hateful[target] >= MIN_TRAINING_SV_HATEFUL_PER_TARGET, (target, hateful[target])
    threats = [row for row in sv if row["label"] == "threat"]
    assert any(row["target"] for row in threats) and any(not row["target"] for row in threats)
    languages = Counter(row["language"] for row in training)
    assert languages["no"] >= MIN_TRAINING_NO and languages["da"] >= MIN_TRAINING_DA, languages


def test_suite_values(suite):
    seen_ids, seen_texts = set(), set()
    for row in suite:
        assert row["id"] and row["id"] not in seen_ids, row
        seen_ids.add(row["id"])
        assert row["functionality"] in FUNCTIONALITIES, row
        assert row["label"] in LABELS, row
        assert row["target"] in TARGETS, row
        key = normalise(row["text"])
        assert key and key not in seen_texts, f"duplicate suite text: {row['text']}"
        seen_texts.add(key)
        functionality = row["functionality"]
        if functionality == "threat_no_target":
            assert row["label"] == "threat" and not row["target"], row
        elif functionality.startswith("threat_"):
            assert row["label"] == "threat" and row["target"], row
        elif functionality in HATEFUL_FUNCTIONALITIES:
            assert row["label"] == "hateful" and row["target"], row
        else:
            assert row["label"] in {"not", "offensive"}, row
        if functionality in {"target_indiv_nh", "target_group_nh"}:
            assert row["label"] == "offensive" and not row["target"], row


def test_suite_coverage(suite):
    assert len(suite) >= MIN_SUITE
    functionalities = Counter(row["functionality"] for row in suite)
    assert set(functionalities) == FUNCTIONALITIES, FUNCTIONALITIES - set(functionalities)
    hateful_targets = {row["target"] for row in suite if row["label"] == "hateful"}
    assert hateful_targets == GROUP_TARGETS, GROUP_TARGETS - hateful_targets
    for functionality in HATEFUL_FUNCTIONALITIES:
        targets = {row["target"] for row in suite if row["functionality"] == functionality}
        assert targets == GROUP_TARGETS, (functionality, GROUP_TARGETS - targets)


def test_suite_is_not_in_training(training, suite):
    """The suite is evaluation only: no sentence of it (nor a near copy) may be in the training file."""
    training_texts = {normalise(row["text"]) for row in training}
    training_tokens = [tokens(row["text"]) for row in training]
    index = {}
    for number, words in enumerate(training_tokens):
        for word in words:
            index.setdefault(word, []).append(number)
    near_copies = []
    for row in suite:
        assert normalise(row["text"]) not in training_texts, row["text"]
        words = tokens(row["text"])
        if not words:
            continue
        shared = Counter(number for word in words for number in index.get(word, ()))
        for number, common in shared.items():
            if common / len(words | training_tokens[number]) >= 0.9:
                near_copies.append((row["text"], training[number]["text"]))
    assert not near_copies, near_copies
