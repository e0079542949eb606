"""stats agree with the quantities they summarise: recomputed here with exact decimals from
the quantities of every fixture."""
import json
import os
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_all  # noqa: E402


def fixture_texts(root):
    for d, _dirs, files in os.walk(root):
        for f in sorted(files):
            if f.endswith(".txt"):
                yield os.path.join(d, f)


def D(x):
    return Decimal(str(x))


def check(out):
    qs = out["quantities"]
    st = out["stats"]
    assert st["quantities"] == len(qs)
    by_unit = {}
    for q in qs:
        u = by_unit.setdefault(q["unit"], {"class": q["class"], "values": []})
        u["values"].append(D(q["value"]))
    assert set(by_unit) == set(st["by_unit"]), (set(by_unit) ^ set(st["by_unit"]))
    for unit, u in by_unit.items():
        s = st["by_unit"][unit]
        assert s["class"] == u["class"] and s["count"] == len(u["values"]), unit
        assert D(s["sum"]) == sum(u["values"]), (unit, s["sum"], sum(u["values"]))
        assert D(s["min"]) == min(u["values"]) and D(s["max"]) == max(u["values"]), unit
    # per class, normalised sums
    norm = {}
    for q in qs:
        if q["normalized"]:
            k = (q["class"], q["normalized"]["unit"])
            norm[k] = norm.get(k, Decimal(0)) + D(q["normalized"]["value"])
    for (cls, base), total in norm.items():
        assert D(st["by_class"][cls]["normalized"][base]["sum"]) == total, (cls, base)
    # per top-level section: counts add up to the total
    assert sum(s["count"] for s in st["by_section"]) == len(qs)
    tops = [s["id"] for s in out["sections"]]
    assert [s["section"] for s in st["by_section"] if s["section"] is not None] == tops


def test_stats_match_quantities_in_every_fixture(ctx):
    n = 0
    for path in fixture_texts(ctx.fixtures):
        p = ctx.run(path)
        if p.returncode != 0:
            continue  # fixtures of bad input are tested elsewhere
        check(json.loads(p.stdout))
        n += 1
    assert n > 0


def test_stats_sum_exactly(ctx):
    # 0.1 + 0.2 must be 0.3 exactly, never 0.30000000000000004
    path = ctx.path("exact.txt", "一、情况\n投入资金0.1万元，又投入0.2万元，共0.3万元。\n".encode())
    out = json.loads(ctx.run(path).stdout)
    check(out)
    assert D(out["stats"]["by_unit"]["万元"]["sum"]) == D("0.6")
    assert str(out["stats"]["by_class"]["money"]["normalized"]["元"]["sum"]) == "6000"


if __name__ == "__main__":
    run_all(globals())
