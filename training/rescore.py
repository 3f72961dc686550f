"""Re-score the saved models on the current corpus (after annotation fixes) and regenerate the model card.

    python training/rescore.py [--models models] [--data data] [--parts tagger event_type stance]

No training happens: each model's dev/test metrics and its baseline are recomputed on the
current splits and written into its ``libya_nlp.json``; then ``models/README.md`` is rebuilt.
"""

import argparse
import json
from pathlib import Path

from libya_nlp.model_card import write_model_card
from libya_nlp.trainer import rescore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, default=Path("models"))
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--parts", nargs="+", default=["tagger", "event_type", "stance"])
    args = parser.parse_args()
    for part in args.parts:
        metrics = rescore(args.models / part, args.data)
        test = metrics["test"]
        headline = test["micro"]["f1"] if "micro" in test else test["macro_f1"]
        print(json.dumps({"model": part, "test": headline, "baseline_test": metrics["baseline_test"].get("micro", {}).get("f1", metrics["baseline_test"].get("macro_f1"))}))
    write_model_card(args.models / "README.md", args.models)


if __name__ == "__main__":
    main()
