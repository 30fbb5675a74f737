"""manage.py classify, evaluate_classifier and train_classifier, with good and bad files."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from safecity.online.models import ClassifierModel


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_classify_writes_the_rows_with_label_score_target_language(active_classifier, tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(
        "\ufeffid;text;platform\n"
        '1;"Have a lovely day, everyone";facebook\n'
        '2;"I will kill you, you stupid bitch";x\n'
        "\n"
        '3;"Vi ses i morgon; tack för i dag";instagram\n'.encode()
    )
    out = tmp_path / "out.csv"
    message = run("classify", str(src), str(out))
    assert "3 rows classified" in message
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["id", "text", "platform", "label", "score", "target", "language", "explanation"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[3][1] == "Vi ses i morgon; tack för i dag"
    assert rows[1][3] == "not" and rows[2][3] in ("offensive", "hateful", "threat")
    assert 0 <= float(rows[2][4]) <= 1
    assert rows[1][6] == "en" and rows[3][6] == "sv"
    assert "kill" in rows[2][7] or "bitch" in rows[2][7] or "stupid" in rows[2][7]


def test_classify_keeps_an_existing_label_column(active_classifier, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("text,label\nhello there,not\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run("classify", str(src), str(out), "--no-explanation")
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "text,label,label_predicted,score,target,language"


def test_classify_names_the_bad_byte(active_classifier, tmp_path):
    src = tmp_path / "latin1.csv"
    src.write_bytes("text\nhej\nvi ses på fredag\n".encode("latin-1"))
    with pytest.raises(CommandError, match=r"not UTF-8: byte 0xE5 at byte offset 17 \(line 3\)"):
        run("classify", str(src), str(tmp_path / "out.csv"))
    assert not (tmp_path / "out.csv").exists()
    assert not list(tmp_path.glob(".classify-*"))


def test_classify_needs_a_text_column(active_classifier, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id;message\n1;hej\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no `text` column.*id, message"):
        run("classify", str(src), str(tmp_path / "out.csv"))


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_classify_refuses_an_empty_file(active_classifier, tmp_path, content):
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    with pytest.raises(CommandError, match="empty"):
        run("classify", str(src), str(tmp_path / "out.csv"))


def test_classify_oversized_cell(active_classifier, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('text\n"' + "a" * 1_100_000 + '"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2.*field larger"):
        run("classify", str(src), str(tmp_path / "out.csv"))


@pytest.mark.django_db
def test_classify_without_an_active_version(tmp_path):
    ClassifierModel.objects.update(is_active=False)
    src = tmp_path / "in.csv"
    src.write_text("text\nhej\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no classifier version is active"):
        run("classify", str(src), str(tmp_path / "out.csv"))


def test_classify_missing_input(active_classifier, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("classify", str(tmp_path / "nope.csv"), str(tmp_path / "out.csv"))


def test_evaluate_prints_scores_confusion_matrix_and_baseline(active_classifier, tmp_path):
    src = tmp_path / "gold.csv"
    src.write_text(
        "text,label,target\n"
        "Have a nice day,not,\n"
        "I will kill you,threat,\n"
        "you stupid bitch,offensive,gender\n"
        "kill all the jews,threat,antisemitic\n"
        "Vi ses i morgon,not,\n",
        encoding="utf-8",
    )
    out = run("evaluate_classifier", str(src))
    assert "confusion matrix (rows: true, columns: predicted)" in out
    assert "macro-F1   model" in out and "keyword baseline" in out
    assert "throughput: model" in out
    assert "target group" in out
    for label in ("not", "offensive", "hateful", "threat"):
        assert label in out
    out2 = run("evaluate_classifier", str(src), "--version", str(active_classifier.version))
    assert f"with version {active_classifier.version}" in out2
    with pytest.raises(CommandError, match="no classifier version 999"):
        run("evaluate_classifier", str(src), "--version", "999")


def test_evaluate_needs_labels(active_classifier, tmp_path):
    src = tmp_path / "gold.csv"
    src.write_text("text\nhej\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no 'label' column"):
        run("evaluate_classifier", str(src))


@pytest.mark.django_db
def test_train_classifier_quick_and_if_none():
    ClassifierModel.objects.all().delete()
    out = run("train_classifier", "--quick", "--no-reviews")
    assert "Version 1 stored (active)" in out
    assert "macro-F1" in out and "confusion matrix" in out
    out = run("train_classifier", "--quick", "--no-reviews", "--if-none")
    assert "nothing trained" in out
    assert ClassifierModel.objects.count() == 1
