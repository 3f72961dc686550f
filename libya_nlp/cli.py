"""The ``libya-nlp`` command: tag, train, evaluate, validate, export, convert."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

RLI, PDI = "\u2067", "\u2069"


def _isolate(text: str) -> str:
    """Wrap right-to-left text in a bidi isolate so terminal columns keep their order."""
    return f"{RLI}{text}{PDI}"


def _read_inputs(args: argparse.Namespace) -> Iterator[dict]:
    """Yield ``{"text": ..., ...}`` records from arguments, files (plain text or JSONL) or stdin."""
    for text in args.text:
        yield {"text": text}
    sources = [open(p, encoding="utf-8") for p in args.input] if args.input else ([] if args.text else [sys.stdin])
    for source in sources:
        name = getattr(source, "name", "<stdin>")
        is_jsonl = name.endswith(".jsonl")
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            if is_jsonl:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise SystemExit(f"{name}:{number}: a JSONL input line needs a string field 'text'")
                yield record
            else:
                yield {"text": line.rstrip("\n")}


def _table(doc) -> str:
    rows = [f"{_isolate(doc.text)}", f"  stance: {doc.stance} ({doc.stance_score:.2f})  events: {', '.join(doc.event_types) or '-'}"]
    for entity in doc.entities:
        extra = f" {entity.kind}={entity.value}{'~' if entity.approximate else ''}" if entity.label == "CASUALTY" else ""
        rows.append(f"  {entity.label:<9} {entity.start:>5}-{entity.end:<5} {entity.score:.2f}  {_isolate(entity.text)}{extra}")
    for sentence in doc.sentences:
        rows.append(f"  [{sentence.event_type} {sentence.event_score:.2f} | {sentence.stance} {sentence.stance_score:.2f}] {_isolate(sentence.text)}")
    return "\n".join(rows)


def cmd_tag(args: argparse.Namespace) -> int:
    from libya_nlp.tagger import Tagger

    tagger = Tagger.from_pretrained(args.models)
    records = list(_read_inputs(args))
    documents = tagger([r["text"] for r in records], batch_size=args.batch_size, show_progress=args.progress or bool(args.input))
    for record, doc in zip(records, documents):
        if args.format == "table":
            print(_table(doc) + "\n")
        else:
            extra = {k: v for k, v in record.items() if k != "text"}
            print(json.dumps({**extra, **doc.to_dict()}, ensure_ascii=False))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from libya_nlp.corpus.validate import validate_files

    problems = validate_files(args.paths)
    for problem in problems:
        print(problem)
    lines = sum(1 for p in args.paths if Path(p).is_file() for _ in open(p, encoding="utf-8"))
    print(f"{len(problems)} problem(s) in {lines} line(s) of {len(args.paths)} file(s)")
    return 1 if problems else 0


def cmd_train(args: argparse.Namespace) -> int:
    from libya_nlp.config import describe, load_config
    from libya_nlp.logger import set_verbosity
    from libya_nlp.trainer import train_from_config

    if args.help_config:
        print("\n".join(describe()))
        return 0
    if not args.config:
        raise SystemExit("libya-nlp train: give --config (for example configs/tagger.yaml); --help-config lists every key")
    set_verbosity("INFO")
    config = load_config(args.config, args.overrides)
    expected = {"tagger": ("tagger",), "classifier": ("event_type", "stance", "classifier")}[args.what]
    if config.task not in expected:
        raise SystemExit(f"libya-nlp train {args.what}: {args.config} has task {config.task!r}; use `libya-nlp train "
                         f"{'tagger' if config.task == 'tagger' else 'classifier'}` for it")
    for result in train_from_config(config):
        print(json.dumps({"task": result.task, "train_seconds": round(result.train_seconds, 1), "dev": _headline(result.dev),
                          "test": _headline(result.test), "baseline_test": _headline(result.baseline_test),
                          "saved_to": str(result.saved_to) if result.saved_to else None}))
    return 0


def _headline(metrics: dict) -> dict:
    if "micro" in metrics:
        return {"micro_f1": metrics["micro"]["f1"], **{k: v["f1"] for k, v in metrics["per_label"].items()}}
    return {"macro_f1": metrics["macro_f1"], "accuracy": metrics["accuracy"]}


def cmd_evaluate(args: argparse.Namespace) -> int:
    from libya_nlp.corpus.io import read_jsonl
    from libya_nlp.evaluation import evaluate_classifier, evaluate_tagger
    from libya_nlp.tagger import MODEL_PARTS, default_models_dir
    from libya_nlp.modeling import load_model

    records = read_jsonl(args.data)
    root = Path(args.models) if args.models else default_models_dir()
    report = {}
    for part in MODEL_PARTS:
        loaded = load_model(root / part)
        if part == "tagger":
            report[part] = evaluate_tagger(loaded, records, args.batch_size)[0]
        else:
            metrics = evaluate_classifier(loaded, records, part, args.batch_size)[0]
            report[part] = {k: v for k, v in metrics.items() if k != "labels"}
    print(json.dumps(report, indent=2))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from libya_nlp.export import export_models

    out = export_models(args.out, args.models)
    print(f"exported plain transformers checkpoints to {out}/tagger, {out}/event_type and {out}/stance")
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from libya_nlp.corpus.conll import conll_to_record, read_conll, write_conll
    from libya_nlp.corpus.io import read_jsonl, write_jsonl

    if args.direction == "jsonl2conll":
        write_conll(read_jsonl(args.source), args.target)
    else:
        if not (args.event_type and args.stance):
            raise SystemExit("conll2jsonl: CoNLL has no sentence labels; state them with --event-type and --stance")
        units = read_conll(args.source)
        doc_id = args.doc_id or Path(args.source).stem
        write_jsonl([conll_to_record(t, g, f"{doc_id}-s{i}", doc_id, args.event_type, args.stance)
                     for i, (t, g) in enumerate(units, start=1)], args.target)
    print(f"wrote {args.target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from libya_nlp.schema import EVENT_TYPES, STANCES

    parser = argparse.ArgumentParser(prog="libya-nlp", description="Entities, event types and stances in Arabic news about Libya.")
    commands = parser.add_subparsers(dest="command", required=True)

    tag = commands.add_parser("tag", help="tag texts (arguments, files or stdin) and print JSONL or a table")
    tag.add_argument("text", nargs="*", help="texts to tag; with none and no --input, lines are read from stdin")
    tag.add_argument("-i", "--input", action="append", default=[], help="plain-text file (one document per line) or .jsonl with a 'text' field (other fields are passed through); repeatable")
    tag.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="output format (table: readable, right-to-left safe)")
    tag.add_argument("--models", help="folder with tagger/, event_type/, stance/ (default: the shipped models)")
    tag.add_argument("--batch-size", type=int, default=32, help="windows per forward pass")
    tag.add_argument("--progress", action="store_true", help="show a progress bar (on by default for files)")
    tag.set_defaults(func=cmd_tag)

    validate = commands.add_parser("validate", help="check corpus JSONL files against the annotation guidelines")
    validate.add_argument("paths", nargs="+", help="JSONL files")
    validate.set_defaults(func=cmd_validate)

    train = commands.add_parser("train", help="train the tagger or the classifiers from a config",
                                description="Dotted overrides follow the options, e.g. `--train.epochs 3 --model.lora_r 8`.")
    train.add_argument("what", choices=("tagger", "classifier"))
    train.add_argument("--config", help="YAML config (see configs/)")
    train.add_argument("--help-config", action="store_true", help="list every config key with its type, default and help")
    train.set_defaults(func=cmd_train)

    evaluate = commands.add_parser("evaluate", help="score the models on an annotated JSONL file")
    evaluate.add_argument("--data", default="data/test.jsonl", help="annotated JSONL (default: data/test.jsonl)")
    evaluate.add_argument("--models", help="folder with tagger/, event_type/, stance/ (default: the shipped models)")
    evaluate.add_argument("--batch-size", type=int, default=32)
    evaluate.set_defaults(func=cmd_evaluate)

    export = commands.add_parser("export", help="write plain transformers checkpoints (adapters merged) for transformers.pipeline")
    export.add_argument("--out", required=True, help="output folder")
    export.add_argument("--models", help="folder with tagger/, event_type/, stance/ (default: the shipped models)")
    export.set_defaults(func=cmd_export)

    convert = commands.add_parser("convert", help="convert between the corpus JSONL and CoNLL (token TAB tag)")
    convert.add_argument("direction", choices=("jsonl2conll", "conll2jsonl"))
    convert.add_argument("source")
    convert.add_argument("target")
    convert.add_argument("--event-type", choices=EVENT_TYPES, help="conll2jsonl: event type of every imported unit")
    convert.add_argument("--stance", choices=STANCES, help="conll2jsonl: stance of every imported unit")
    convert.add_argument("--doc-id", help="conll2jsonl: document id (default: the file name)")
    convert.set_defaults(func=cmd_convert)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``libya-nlp`` console script."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "train":
        args.overrides = extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
