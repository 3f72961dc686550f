"""Train the event-type and stance classifiers: ``python training/train_classifier.py --config configs/classifier.yaml``."""

import sys

from libya_nlp.cli import main

if __name__ == "__main__":
    raise SystemExit(main(["train", "classifier", *sys.argv[1:]]))
