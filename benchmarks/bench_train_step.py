"""Training speed per step with random batches vs length-grouped batches; prints figures, asserts nothing.

    python benchmarks/bench_train_step.py [--config configs/tagger.yaml] [--steps 20] [--threads 2]

Builds the config's model, samples ``--steps`` batches from the training split with each sampler
(same seed) and times forward + backward + optimizer step. An epoch holds the same real tokens
either way, so real tokens per second is the figure to compare (the grouped sampler serves its
longest batch first, so its first steps are longer ones).
"""

from __future__ import annotations

import argparse
import time

import torch
from torch.utils.data import RandomSampler
from transformers.trainer_pt_utils import LengthGroupedSampler

from libya_nlp.config import load_config
from libya_nlp.modeling import build_model
from libya_nlp.trainer import LABELS, load_training_splits, task_collator, task_features


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="configs/tagger.yaml")
    parser.add_argument("--task", default=None, help="event_type or stance for a classifier config")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    config = load_config(args.config, ["--task", args.task] if args.task else [])
    task = config.task
    labels = LABELS[task]
    label2id = {label: i for i, label in enumerate(labels)}
    model, tokenizer = build_model(task, labels, config.model)
    records = load_training_splits(config)["train"]
    data = task_features(task, records, tokenizer, label2id, config.model)
    collator = task_collator(task, tokenizer)
    examples = [dict(zip(data, values)) for values in zip(*data.values())]
    lengths = [len(e["input_ids"]) for e in examples]
    batch = config.train.batch_size
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    model.train()
    print(f"{task}: {len(examples)} training windows, mean length {sum(lengths) / len(lengths):.1f} tokens, batch {batch}, "
          f"{args.threads} threads")
    samplers = {"random": RandomSampler(examples, generator=torch.Generator().manual_seed(0)),
                "group_by_length": LengthGroupedSampler(batch, lengths=lengths, generator=torch.Generator().manual_seed(0))}
    for name, sampler in samplers.items():
        order = list(sampler)
        padded = real = 0
        started = time.perf_counter()
        for step in range(args.steps):
            chosen = [examples[i] for i in order[step * batch:(step + 1) * batch]]
            inputs = collator(chosen)
            padded += inputs["input_ids"].numel()
            real += int(inputs["attention_mask"].sum())
            loss = model(**inputs).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        seconds = (time.perf_counter() - started) / args.steps
        print(f"{name:>16}: {seconds:.3f} s/step, {padded / args.steps:.0f} tokens/batch of which {real / args.steps:.0f} real, "
              f"{real / args.steps / seconds:.0f} real tokens/s")


if __name__ == "__main__":
    main()
