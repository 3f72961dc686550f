"""Corpus format: validation messages, markup conversion, BIO and CoNLL round trips, the shipped data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libya_nlp.cli import main as cli
from libya_nlp.corpus.bio import bio_to_spans, spans_to_bio
from libya_nlp.corpus.conll import conll_to_record, read_conll, write_conll
from libya_nlp.corpus.io import CorpusError, load_corpus, read_jsonl
from libya_nlp.corpus.markup import convert_markup
from libya_nlp.corpus.validate import validate_lines, validate_record

DATA = Path(__file__).parent.parent / "data"
GOOD = {"id": "d1-s1", "doc_id": "d1", "text": "قصفت قوات حفتر طرابلس وقتل 8 أشخاص.",
        "entities": [{"start": 5, "end": 14, "label": "ACTOR"}, {"start": 15, "end": 21, "label": "LOCATION"},
                     {"start": 27, "end": 34, "label": "CASUALTY", "kind": "killed", "value": 8, "approximate": False, "actor": 0}],
        "event_type": "remote_violence", "stance": "neutral", "source": "written"}


def with_changes(**changes) -> dict:
    return {**json.loads(json.dumps(GOOD)), **changes}


def test_good_record_is_valid():
    assert validate_record(GOOD) == []


@pytest.mark.parametrize(("record", "message"), [
    (with_changes(entities=[{"start": 6, "end": 14, "label": "ACTOR"}]), "starts inside a word"),
    (with_changes(entities=[{"start": 5, "end": 13, "label": "ACTOR"}]), "ends inside a word"),
    (with_changes(entities=[{"start": 4, "end": 14, "label": "ACTOR"}]), "begins or ends on a space or punctuation"),
    (with_changes(entities=[{"start": 30, "end": 99, "label": "ACTOR"}]), "outside the"),
    (with_changes(entities=[{"start": 5, "end": 14, "label": "ARMY"}]), "unknown label 'ARMY'"),
    (with_changes(entities=[{"start": 5, "end": 14, "label": "ACTOR"}, {"start": 10, "end": 21, "label": "LOCATION"}]), "overlap"),
    (with_changes(entities=[{"start": 15, "end": 21, "label": "LOCATION"}, {"start": 5, "end": 14, "label": "ACTOR"}]), "not in text order"),
    (with_changes(entities=[{"start": 27, "end": 34, "label": "CASUALTY", "value": 8, "approximate": False}]), "needs 'kind'"),
    (with_changes(entities=[{"start": 27, "end": 34, "label": "CASUALTY", "kind": "killed", "approximate": False}]), "positive integer 'value'"),
    (with_changes(entities=[{"start": 27, "end": 34, "label": "CASUALTY", "kind": "killed", "value": 8}]), "'approximate'"),
    (with_changes(entities=[{"start": 15, "end": 21, "label": "LOCATION"}, {"start": 27, "end": 34, "label": "CASUALTY", "kind": "killed", "value": 8, "approximate": False, "actor": 0}]), "not an ACTOR"),
    (with_changes(entities=[{"start": 5, "end": 14, "label": "ACTOR", "kind": "killed"}]), "unknown field"),
    (with_changes(event_type="airstrike"), "unknown event_type 'airstrike'"),
    (with_changes(stance="pro_haftar"), "unknown stance 'pro_haftar'"),
    (with_changes(source="web"), "unknown source"),
    ({k: v for k, v in GOOD.items() if k != "doc_id"}, "missing field(s) ['doc_id']"),
    (with_changes(url="x"), "unknown field(s) ['url']"),
    (with_changes(text=""), "non-empty string"),
    ([1, 2], "one JSON object"),
])
def test_each_kind_of_bad_record_is_named(record, message):
    problems = validate_record(record)
    assert any(message in p for p in problems), problems


def test_file_problems_name_the_line_and_json_errors():
    lines = [json.dumps(GOOD, ensure_ascii=False), "{not json", "", json.dumps(GOOD, ensure_ascii=False)]
    problems = [str(p) for p in validate_lines(lines, "x.jsonl")]
    assert any(p.startswith("x.jsonl:2: invalid JSON") for p in problems)
    assert any(p.startswith("x.jsonl:3: empty line") for p in problems)
    assert any(p.startswith("x.jsonl:4: duplicate id 'd1-s1' (first on line 1)") for p in problems)


def test_cli_validate_exit_codes(tmp_path: Path, capsys):
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    bad.write_text(json.dumps(with_changes(stance="x"), ensure_ascii=False) + "\n", encoding="utf-8")
    assert cli(["validate", str(good)]) == 0
    assert cli(["validate", str(good), str(bad), str(tmp_path / "missing.jsonl")]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1: unknown stance 'x'" in out and "no such file" in out


def test_read_jsonl_refuses_invalid_files(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(with_changes(stance="x")) + "\n")
    with pytest.raises(CorpusError, match="bad.jsonl:1"):
        read_jsonl(bad)


def test_markup_conversion_and_errors():
    lines = ["### doc t-1", "battle | neutral | قتل [[نحو 30|CASUALTY|killed|~30|of=قوات الوفاق]] من [[قوات الوفاق|ACTOR]]."]
    (record,), problems = convert_markup(lines, "m.txt")
    assert problems == []
    assert record["text"] == "قتل نحو 30 من قوات الوفاق."
    assert record["entities"][0] == {"start": 4, "end": 10, "label": "CASUALTY", "kind": "killed", "value": 30, "approximate": True, "actor": 1}
    _, problems = convert_markup(["### doc t-2", "battle | neutral | [[قوات|ACTOR]] [[5 قتلى|CASUALTY|killed|5|of=الجيش]]"], "m.txt")
    assert "m.txt:2: of='الجيش': no ACTOR span" in str(problems[0])
    _, problems = convert_markup(["battle | neutral | نص"], "m.txt")
    assert "before any '### doc" in str(problems[0])


def test_bio_round_trip_is_exact(mini_records):
    for record in mini_records:
        words, tags = spans_to_bio(record["text"], record["entities"])
        spans = [{k: e[k] for k in ("start", "end", "label")} for e in record["entities"]]
        assert bio_to_spans(words, tags) == spans


def test_bio_rejects_unknown_tags():
    words, _ = spans_to_bio("قوات حفتر", [])
    with pytest.raises(ValueError, match="unknown tag 'B-ARMY'"):
        bio_to_spans(words, ["B-ARMY", "O"])


def test_conll_round_trip(tmp_path: Path, mini_records):
    path = tmp_path / "mini.conll"
    write_conll(mini_records, path)
    units = read_conll(path)
    assert len(units) == len(mini_records)
    for (tokens, tags), record in zip(units, mini_records):
        rebuilt = conll_to_record(tokens, tags, "x", "x", record["event_type"], record["stance"])
        assert [rebuilt["text"][e["start"]:e["end"]] for e in rebuilt["entities"]] == \
            [record["text"][e["start"]:e["end"]] for e in record["entities"]]
        assert validate_record(rebuilt) == []


def test_load_corpus_returns_a_dataset(mini_data_dir: Path):
    dataset = load_corpus(mini_data_dir / "train.jsonl")
    assert len(dataset) == 14
    assert dataset[0]["entities"][0]["label"] == "ACTOR"
    assert dataset.features["event_type"].dtype == "string"


@pytest.mark.skipif(not (DATA / "splits.json").exists(), reason="corpus not built yet")
def test_shipped_corpus_is_valid_split_by_document_and_in_sync_with_markup():
    from libya_nlp.corpus.validate import validate_files

    files = [DATA / f"{s}.jsonl" for s in ("train", "dev", "test")]
    assert validate_files(files) == []
    docs = [{r["doc_id"] for r in read_jsonl(f)} for f in files]
    assert not (docs[0] & docs[1]) and not (docs[0] & docs[2]) and not (docs[1] & docs[2])
    splits = json.loads((DATA / "splits.json").read_text())
    assert {d: s for s, ds in zip(("train", "dev", "test"), docs) for d in ds} == splits
    records = []
    for path in sorted((DATA / "markup").glob("*.txt")):
        converted, problems = convert_markup(path.read_text(encoding="utf-8").splitlines(), str(path))
        assert problems == []
        records += converted
    shipped = {r["id"]: r for f in files for r in read_jsonl(f) if r["source"] != "augmented"}
    assert {r["id"]: r for r in records} == shipped, "data/*.jsonl is stale: run python training/build_corpus.py"
    assert all(r["source"] != "augmented" for f in files[1:] for r in read_jsonl(f))
    from libya_nlp.corpus.augment import PUNCTUATION_VARIANT_SHARE, punctuation_variants

    train = read_jsonl(files[0])
    assert [r for r in train if r["source"] == "augmented"] == punctuation_variants(train, PUNCTUATION_VARIANT_SHARE)
