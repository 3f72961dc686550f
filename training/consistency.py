"""Annotation consistency check: strings annotated as an entity in some units but left bare in others.

    python training/consistency.py [--min-count 2] [--files data/markup/p19*.txt]

For every entity string (compared after normalization, word by word) annotated at least
``--min-count`` times, lists the units where the same word sequence occurs outside every span.
Each line is a candidate for review, not a verdict: ``ليبيا`` inside ``حظر السلاح على ليبيا`` is a
LOCATION, but inside ``مؤتمر برلين حول ليبيا`` it may be right to leave it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from libya_nlp.corpus.markup import convert_markup
from libya_nlp.text.normalize import normalize
from libya_nlp.text.words import split_words

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_corpus import DATA  # noqa: E402


def _key(words) -> tuple[str, ...]:
    return tuple(normalize(w.text).text for w in words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--files", nargs="*", type=Path, help="markup files to report on (default: all); the lexicon always uses all")
    args = parser.parse_args()
    all_files = sorted((DATA / "markup").glob("*.txt"))
    per_file = {path: convert_markup(path.read_text(encoding="utf-8").splitlines(), str(path))[0] for path in all_files}
    counts: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for records in per_file.values():
        for record in records:
            for entity in record["entities"]:
                counts[_key(split_words(record["text"], entity["start"], entity["end"]))][entity["label"]] += 1
    lexicon = {k: c.most_common(1)[0] for k, c in counts.items() if sum(c.values()) >= args.min_count and k}
    longest = max(map(len, lexicon), default=0)
    reported = 0
    for path in args.files or all_files:
        for record in per_file[Path(path)] if Path(path) in per_file else per_file[DATA / "markup" / Path(path).name]:
            words = split_words(record["text"])
            keys = _key(words)
            covered = {i for e in record["entities"] for i, w in enumerate(words) if e["start"] <= w.start < e["end"]}
            i = 0
            while i < len(words):
                for length in range(min(longest, len(words) - i), 0, -1):
                    entry = lexicon.get(keys[i:i + length])
                    if entry and not covered & set(range(i, i + length)):
                        label, n = entry
                        surface = record["text"][words[i].start:words[i + length - 1].end]
                        print(f"{path}\t{record['id']}\t{label} x{n}\t{surface}")
                        reported += 1
                        i += length - 1
                        break
                i += 1
    print(f"{reported} candidate(s)", file=sys.stderr)


if __name__ == "__main__":
    main()
