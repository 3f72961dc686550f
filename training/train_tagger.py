"""Train the entity tagger: ``python training/train_tagger.py --config configs/tagger.yaml [--train.epochs 3 ...]``."""

import sys

from libya_nlp.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["train", "tagger", *sys.argv[1:]]))
