"""How many entity mentions of some markup files are new to the rest of the corpus.

    python training/novelty.py data/markup/p23-novel-a.txt [--list]

The lexicon is built from every other markup file (compared after normalization, word by word, as
the lexicon baseline does). Prints, per label, how many mentions are unseen; ``--list`` also prints
the seen ones, so a writer can swap them for names the corpus does not have yet.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from libya_nlp.corpus.markup import convert_markup
from libya_nlp.evaluation import LexiconTagger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import DATA  # noqa: E402


def _records(path: Path) -> list[dict]:
    return convert_markup(path.read_text(encoding="utf-8").splitlines(), str(path))[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--list", action="store_true", help="print every mention already in the corpus")
    args = parser.parse_args()
    targets = {path.resolve() for path in args.files}
    others = [r for path in sorted((DATA / "markup").glob("*.txt")) if path.resolve() not in targets for r in _records(path)]
    lexicon = LexiconTagger(others)
    counts: Counter = Counter()
    for path in args.files:
        for record in _records(path):
            for entity in record["entities"]:
                seen = lexicon.knows(record["text"], entity["start"], entity["end"])
                counts[entity["label"], seen] += 1
                if seen and args.list:
                    print(f"seen\t{record['id']}\t{entity['label']}\t{record['text'][entity['start']:entity['end']]}")
    for label in sorted({label for label, _ in counts}):
        total = counts[label, True] + counts[label, False]
        print(f"{label}: {counts[label, False]}/{total} unseen ({counts[label, False] / total:.0%})")
    total = sum(counts.values())
    unseen = sum(n for (_, seen), n in counts.items() if not seen)
    print(f"all: {unseen}/{total} unseen ({unseen / max(total, 1):.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
