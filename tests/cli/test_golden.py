"""Golden fixtures: for every fixtures/**/NAME.txt with NAME.expected.json beside it, the
output of `reportx NAME.txt` contains the expected JSON (see harness.subset)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_all, subset  # noqa: E402


def golden_cases(fixtures):
    for root, _dirs, files in os.walk(fixtures):
        for f in sorted(files):
            if f.endswith(".expected.json"):
                yield os.path.join(root, f[: -len(".expected.json")])


def test_golden_fixtures(ctx):
    cases = list(golden_cases(ctx.fixtures))
    assert cases, "no golden fixtures found"
    problems = []
    for stem in cases:
        txt = stem + ".txt"
        with open(stem + ".expected.json", encoding="utf-8") as f:
            expected = json.load(f)
        p = ctx.run(txt)
        if p.returncode != 0:
            problems.append(f"{txt}: exit {p.returncode}: {p.stderr.decode('utf-8', 'replace')}")
            continue
        diffs = subset(expected, json.loads(p.stdout))
        problems += [f"{os.path.relpath(txt, ctx.fixtures)}: {d}" for d in diffs[:20]]
    print(f"  {len(cases)} golden fixtures")
    assert not problems, "\n".join(problems)


def test_golden_spans_slice_the_text(ctx):
    """Every span of every fixture's output slices the decoded text to the quantity's text."""
    for stem in golden_cases(ctx.fixtures):
        out = ctx.json(stem + ".txt")
        with open(stem + ".txt", "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8-sig")
        for q in out["quantities"]:
            a, b = q["span"]
            assert text[a:b] == q["text"], f"{stem}: span {a},{b} is {text[a:b]!r}, text {q['text']!r}"


if __name__ == "__main__":
    run_all(globals())
