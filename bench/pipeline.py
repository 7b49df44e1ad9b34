"""How straight the reading pipeline is: ``python -m bench.pipeline [--json]``.

Follows every description of the corpus (``bench.readings``) through ``understand`` and
``compile_spec`` with ``sys.setprofile`` and counts, per description, the modules of
``engine.generation`` control passes through:

* ``passes``/``returns`` at the pipeline level: the module running at call depth 2 or less below
  ``understand`` (the stages it calls and what they call), as a sequence without repeats;
  ``returns`` are the passes into a module the description had already left, and
  ``stage_returns`` those into a module other than ``compiler`` (which calls the stages).
* ``back_calls`` at any depth: calls from a stage's module into a module of an earlier stage
  (words, phrases, rules, spec conditions, spec, echo and code; data modules such as ``spec``,
  ``_draft``, ``_tokens``, ``_vocabulary`` belong to no stage).

Reported as the mean over the corpus and for the README's example description.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter

PACKAGE = "engine.generation."
EXAMPLE = "buy when RSI(14) drops below 30, sell when it rises above 70, 5% stop loss, on AAPL"
#: Each stage's modules, in pipeline order (old and new module names).
STAGES = (
    ("_spelling",),
    ("_parse", "_operands", "_parse_rules", "_trader_phrases", "_aside", "_match"),
    ("_rules", "_assemble_rules"),
    ("_resolve",),
    ("_assemble",),
    ("_english", "_rules_english", "_naming", "_codegen", "_position_code", "_indicator_code"),
)
STAGE_OF = {module: n for n, modules in enumerate(STAGES) for module in modules}


def follow(text: str) -> dict:
    """The passes, returns and backward calls of one description."""
    from engine.generation import CompileError, compile_spec, understand

    stack: list[str] = []  # engine.generation modules of the frames below understand
    sequence: list[str] = []
    back: Counter[str] = Counter()

    def profile(frame, event, _arg) -> None:
        if event not in ("call", "return"):
            return
        module = frame.f_globals.get("__name__", "")
        if not module.startswith(PACKAGE):
            return
        module = module[len(PACKAGE) :]
        if event == "call":
            if stack and STAGE_OF.get(stack[-1], -1) > STAGE_OF.get(module, 99):
                back[f"{stack[-1]}->{module}"] += 1
            stack.append(module)
        elif stack:
            stack.pop()
        if stack:
            current = stack[min(len(stack), 3) - 1]
            if not sequence or sequence[-1] != current:
                sequence.append(current)

    sys.setprofile(profile)
    try:
        understood = understand(text)
        if understood.spec is not None:
            compile_spec(understood.spec)
    except CompileError:
        pass  # the entry never closes: the reading is still followed
    finally:
        sys.setprofile(None)
    returns = [m for n, m in enumerate(sequence) if m in sequence[:n]]
    return {
        "passes": len(sequence),
        "returns": len(returns),
        "stage_returns": sum(1 for m in returns if m != "compiler"),
        "back_calls": back,
        "path": sequence,
    }


def measure(texts: list[str]) -> dict:
    followed = [follow(t) for t in texts]
    example = follow(EXAMPLE)
    back: Counter[str] = Counter()
    for f in followed:
        back.update(f["back_calls"])
    return {
        "descriptions": len(texts),
        "mean_passes": round(statistics.mean(f["passes"] for f in followed), 1),
        "mean_returns": round(statistics.mean(f["returns"] for f in followed), 1),
        "mean_stage_returns": round(statistics.mean(f["stage_returns"] for f in followed), 1),
        "mean_back_calls": round(sum(back.values()) / len(texts), 1),
        "back_calls_by_edge": dict(back.most_common()),
        "example_passes": example["passes"],
        "example_returns": example["returns"],
        "example_stage_returns": example["stage_returns"],
        "example_path": " > ".join(example["path"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    from bench.readings import corpus

    figures = measure(corpus())
    if args.json:
        print(json.dumps(figures))
    else:
        for name, value in figures.items():
            print(f"{name:>18}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
