"""Inference speed and memory of ``tag`` on this machine; prints figures, asserts nothing.

    python benchmarks/bench_tag.py [--models models] [--data data/test.jsonl] [--batch-size 32] [--repeat 2]

Documents are rebuilt from the corpus units (joined per doc_id), so the figures cover sentence
splitting, the three models and the casualty rules together.
"""

from __future__ import annotations

import argparse
import platform
import resource
import time
from collections import defaultdict

import torch

from libya_nlp import Tagger
from libya_nlp.corpus.io import read_jsonl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=None, help="models folder (default: the shipped models)")
    parser.add_argument("--data", default="data/test.jsonl")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    units = read_jsonl(args.data)
    by_doc: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        by_doc[unit["doc_id"]].append(unit["text"])
    documents = [" ".join(texts) for texts in by_doc.values()]
    characters = sum(len(d) for d in documents)

    started = time.perf_counter()
    tagger = Tagger.from_pretrained(args.models)
    load_seconds = time.perf_counter() - started
    tagger(documents[:1])  # warm-up

    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        results = tagger(documents, batch_size=args.batch_size)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    sentences = sum(len(d.sentences) for d in results)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.processor() or platform.machine()}, torch threads {torch.get_num_threads()}, torch {torch.__version__}")
    print(f"input: {len(documents)} documents, {sentences} sentences, {characters} characters ({args.data})")
    print(f"model load: {load_seconds:.1f} s")
    print(f"tag (batch {args.batch_size}, best of {args.repeat}): {best:.2f} s = {len(documents) / best:.1f} docs/s, "
          f"{sentences / best:.1f} sentences/s, {characters / best:.0f} chars/s")
    print(f"peak resident memory: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
