"""Every reading of the corpus, saved and compared: ``python -m bench.readings save|check [FILE]``.

A snapshot guard for changes to the compiler that must not change what it reads. ``save``
reads every description of the corpus (below) with ``understand`` and, when there is a spec,
compiles it with ``compile_spec``, and writes each one's full outcome to FILE (JSON, default
``readings.json`` in the system's temporary directory): the spec as JSON, the echo (rules and
assumptions), ``not_understood``, ``problems``, ``suggestions``, ``complete``, ``blocked``, the
refusal, the SHA-256 of the generated module (or the compile error) and the title the strategy
is stored under. ``check`` reads the
corpus again and prints every text whose outcome differs from FILE, field by field; it exits 1
when one does (texts new to the corpus are counted, not compared). ``--json`` prints the counts as
one JSON object.

The corpus is what the tests read: the description tables (``CASES``, ``FORUM_CASES``,
``REFUSALS``, the reference strategies' sentences), every string literal the generation tests
pass to a reading helper or parametrize as ``text``/``description``, the example bots (titles
and descriptions), the named strategies, the benchmark's refusals and a vague request for every
documented default.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = Path(tempfile.gettempdir()) / "readings.json"

#: Test modules whose tables and literals are descriptions.
TEST_MODULES = (
    "test_generation_code",
    "test_generation_descriptions",
    "test_generation_descriptions_indicators",
    "test_generation_descriptions_rules",
    "test_generation_descriptions_unseen",
    "test_generation_reference_unseen",
    "test_generation_descriptions_extremes",
    "test_generation_descriptions_ranges",
    "test_generation_descriptions_fresh13b",
    "test_generation_descriptions_shorthand",
    "test_generation_descriptions_lead14",
    "test_generation_descriptions_lead15",
    "test_generation_descriptions_gaps",
    "test_generation_reference_gaps",
    "test_generation_indicators",
    "test_generation_descriptions_multi_leg",
    "test_generation_descriptions_fresh13a",
    "test_generation_descriptions_read13",
    "test_generation_descriptions_fresh14b",
    "test_generation_descriptions_fresh15b",
    "test_generation_descriptions_fresh14a",
    "test_generation_descriptions_concept15",
    "test_generation_descriptions_fresh15a",
    "test_generation_descriptions_read14a",
    "test_generation_descriptions_fix16a",
    "test_generation_descriptions_fix19d",
    "test_generation_descriptions_fresh17b",
    "test_generation_descriptions_fresh18b",
    "test_generation_descriptions_session18",
    "test_generation_reference_read14a",
    "test_generation_descriptions_lean14",
    "test_generation_descriptions_fresh15c",
    "test_generation_descriptions_fix16b",
    "test_generation_descriptions_named18",
    "test_generation_descriptions_fresh16a",
    "test_generation_descriptions_fresh16b",
    "test_generation_descriptions_lean17",
    "test_generation_descriptions_lean19",
    "test_generation_descriptions_fix17b",
    "test_generation_descriptions_fix18a",
    "test_generation_descriptions_fix17a",
    "test_generation_descriptions_lead17",
    "test_generation_descriptions_lead18",
    "test_generation_descriptions_sar18",
    "test_generation_descriptions_indicator_concepts",
    "test_generation_descriptions_or18",
    "test_generation_descriptions_fix19a",
    "test_generation_reference_sar18",
    "test_generation_descriptions_fix19b",
    "test_generation_reference_fix19b",
    "test_generation_descriptions_fresh17a",
    "test_generation_descriptions_frame17",
    "test_generation_descriptions_fresh18a",
    "test_generation_descriptions_fix19c",
    "test_generation_descriptions_lead19",
    "test_generation_descriptions_fresh19a",
    "test_generation_descriptions_fresh19b",
    "test_generation_descriptions_fix19e",
    "test_generation_descriptions_fix19f",
    "test_generation_reading",
    "test_generation_reference",
    "test_generation_reference_read13",
    "test_generation_descriptions_read14b",
    "test_generation_reference_read14b",
    "test_generation_reference_indicators",
    "test_generation_rules",
    "test_generation_understanding",
    "test_gemini_spec",
    "test_gemini_spec_indicators",
    "test_strategy_naming",
)
#: Test helpers (and ``understand`` itself) whose first argument is a description.
READERS = frozenset(
    {"understand", "case", "read", "refused", "rules", "compiled", "_spec", "generate"}
)
#: Parametrized arguments that are descriptions.
TEXT_ARGUMENTS = frozenset({"text", "description", "title"})
#: Vague requests, one per documented default (the tests read only some of them).
VAGUE = (
    "a z-score strategy",
    "a z-score(50) strategy",
    "a stochastic(5,3) strategy",
    "a bollinger band strategy on MSFT",
    "a donchian strategy",
    "a 55-day donchian breakout",
    "an EMA strategy",
    "a 50-day SMA strategy",
    "a 30-day ROC strategy",
    "a MACD(5,35,5) strategy",
    "an RSI(2) strategy",
    "halloween strategy on QQQ",
    "turn of the month strategy",
    "something with the 20-day EMA",
    "a weighted moving average strategy",
    "an RSI strategy, 2% risk per trade",
    "a momentum strategy on AAPL and MSFT",
)


def corpus() -> list[str]:
    """Every description of the corpus, once each, in a stable order."""
    from bench.generation import UNREAD
    from engine.generation import EXAMPLES
    from engine.generation._vocabulary import NAMED_STRATEGIES

    texts: list[str] = []
    for name in TEST_MODULES:
        texts += _literals((ROOT / "tests" / f"{name}.py").read_text())
        module = importlib.import_module(f"tests.{name}")
        for table in ("REFUSALS", "REFERENCES"):
            for row in getattr(module, table, ()):
                first = row[0]
                texts.append(first if isinstance(first, str) else " ".join(first.__doc__.split()))
    texts += [t for pair in EXAMPLES for t in pair]
    texts += [" ".join(k) if isinstance(k, tuple) else k for k in NAMED_STRATEGIES]
    texts += [*UNREAD, *VAGUE]
    return sorted(set(texts))


def _literals(source: str) -> list[str]:
    """String literals passed to a reader or parametrized as a description."""
    out: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in READERS and node.args and _string(node.args[0]) is not None:
            out.append(_string(node.args[0]))  # type: ignore[arg-type]
        if name == "parametrize" and len(node.args) >= 2:
            names = _string(node.args[0])
            if names is None and isinstance(node.args[0], ast.Tuple | ast.List):
                names = ",".join(_string(e) or "" for e in node.args[0].elts)
            if not names or names.split(",")[0].strip() not in TEXT_ARGUMENTS:
                continue
            if isinstance(node.args[1], ast.List | ast.Tuple):
                for element in node.args[1].elts:
                    first = element.elts[0] if isinstance(element, ast.Tuple) else element
                    if _string(first) is not None:
                        out.append(_string(first))  # type: ignore[arg-type]
    return out


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def outcome(text: str) -> dict:
    """Everything the compiler makes of ``text``."""
    from engine.generation import CompileError, compile_spec, understand
    from engine.generation._naming import strategy_title

    u = understand(text)
    code: str | None = None
    title: str | None = None
    if u.spec is not None:
        title = strategy_title(u.spec)  # the name it is stored under
        try:
            source = compile_spec(u.spec)
            code = "sha256:" + hashlib.sha256(source.encode()).hexdigest()
        except CompileError as exc:
            code = f"CompileError: {exc}"
    return {
        "spec": None if u.spec is None else json.loads(u.spec.model_dump_json()),
        "rules": u.rules,
        "assumptions": u.assumptions,
        "not_understood": u.not_understood,
        "complete": u.complete,
        "refusal": u.refusal,
        "problems": u.problems,
        "suggestions": u.suggestions,
        "blocked": u.blocked,
        "code": code,
        "title": title,
    }


def readings() -> dict[str, dict]:
    return {text: outcome(text) for text in corpus()}


def check(saved: dict[str, dict], now: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(a line per changed field, texts new to the corpus)."""
    changed: list[str] = []
    for text, then in saved.items():
        if text not in now:
            continue
        for key in sorted(set(then) | set(now[text])):
            if _spec_fields_added(then, now[text]) if key == "spec" else False:
                continue
            if then.get(key) != now[text].get(key):
                changed.append(
                    f"{text!r}\n  {key}: {json.dumps(then.get(key))}\n"
                    f"  {' ' * len(key)}  -> {json.dumps(now[text].get(key))}"
                )
    return changed, [t for t in now if t not in saved]


def _spec_fields_added(then: dict, now: dict) -> bool:
    """The specs differ only by fields added to the spec since the save, left at their
    defaults: the reading is the same."""
    from engine.generation.spec import StrategySpec

    old, new = then.get("spec"), now.get("spec")
    if not (isinstance(old, dict) and isinstance(new, dict)) or old == new:
        return False
    added = set(new) - set(old)
    fields = StrategySpec.model_fields
    unset = all(
        k in fields and new[k] == fields[k].get_default(call_default_factory=True) for k in added
    )
    return bool(added) and unset and old == {k: v for k, v in new.items() if k not in added}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("save", "check"))
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")
    args = parser.parse_args(argv)
    now = readings()
    if args.mode == "save":
        args.file.write_text(json.dumps(now, indent=1, sort_keys=True, ensure_ascii=False))
        figures = {"texts": len(now), "file": str(args.file)}
        print(json.dumps(figures) if args.json else f"{len(now)} readings saved to {args.file}")
        return 0
    saved = json.loads(args.file.read_text())
    changed, new = check(saved, now)
    texts = {line.split("\n")[0] for line in changed}
    if args.json:
        print(json.dumps({"texts": len(now), "changed": len(texts), "new": len(new)}))
    else:
        print("\n".join(changed))
        print(f"{len(now)} texts: {len(texts)} read differently, {len(new)} new")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
