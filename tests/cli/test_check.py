"""reportx --check: arithmetic mismatches as FILE:LINE:COL: diagnostics on stdout, exit 1
when there is any, 0 when every check is ok."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_all  # noqa: E402

DIAG = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): stated .+$")


def fx(ctx, name):
    return os.path.join(ctx.fixtures, name)


def lines(p):
    return p.stdout.decode("utf-8").splitlines()


def test_sample_one_mismatch_exit_1(ctx):
    path = fx(ctx, "xxzhen-2023.txt")
    p = ctx.run("--check", path)
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert lines(p) == [f"{path}:17:65: stated 92.83 亩 but the parts sum to 91.87 亩 (71个63.67亩, 32个28.2亩)"]
    assert p.stderr == b""


def test_all_ok_exit_0(ctx):
    p = ctx.run("--check", fx(ctx, "checks/consistent.txt"))
    assert p.returncode == 0, (p.returncode, p.stdout, p.stderr)
    assert p.stdout == b"" and p.stderr == b""
    # the same file does have checks, all ok
    out = ctx.json(fx(ctx, "checks/consistent.txt"))
    assert out["checks"] and all(c["status"] == "ok" for c in out["checks"])


def test_every_kind_of_mismatch(ctx):
    path = fx(ctx, "checks/mismatch.txt")
    p = ctx.run("--check", path)
    assert p.returncode == 1
    assert lines(p) == [
        f"{path}:3:12: stated 500 户 but the parts listed under it sum to 550 户, more than the whole (300户, 250户)",
        f"{path}:4:25: stated 2100 亩 but the parts sum to 2000 亩 (1200亩, 800亩)",
        f"{path}:5:22: stated an average of 30 万元 but 250万元 / 10个 = 25 万元",
        f"{path}:6:38: stated a share of 30% but 2000人 / 8000人 = 25%",
    ]


def test_line_and_column_point_at_the_stated_figure(ctx):
    path = fx(ctx, "checks/mismatch.txt")
    out = ctx.json(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    diags = [DIAG.match(l) for l in lines(ctx.run("--check", path))]
    mism = [c for c in out["checks"] if c["status"] == "mismatch"]
    assert len(diags) == len(mism) and all(diags)
    for m, c in zip(diags, mism):
        start = out["quantities"][c["stated_quantity"]]["span"][0]
        before = text[:start]
        line = before.count("\n") + 1
        col = start - (before.rfind("\n") + 1) + 1
        assert (int(m["line"]), int(m["col"])) == (line, col), (m.group(0), line, col)


def test_several_inputs_in_order_and_exit_1(ctx):
    ok, bad, sample = fx(ctx, "checks/consistent.txt"), fx(ctx, "checks/mismatch.txt"), fx(ctx, "xxzhen-2023.txt")
    for jobs in ("1", "4"):
        p = ctx.run("-j", jobs, "--check", bad, ok, sample)
        assert p.returncode == 1
        paths = [DIAG.match(l)["path"] for l in lines(p)]
        assert paths == [bad] * 4 + [sample], paths
    p = ctx.run("--check", ok, ok)
    assert p.returncode == 0 and p.stdout == b""


def test_stdin_and_folder(ctx):
    with open(fx(ctx, "checks/mismatch.txt"), "rb") as f:
        data = f.read()
    p = ctx.run("--check", "-", stdin=data)
    assert p.returncode == 1 and all(l.startswith("-:") for l in lines(p)) and len(lines(p)) == 4
    p = ctx.run("--check", "-q", fx(ctx, "checks"))
    assert p.returncode == 1
    assert {os.path.basename(DIAG.match(l)["path"]) for l in lines(p)} == {"mismatch.txt", "rounding.txt", "sums.txt"}


def test_failed_input_still_exit_1_and_others_checked(ctx):
    p = ctx.run("--check", fx(ctx, "checks/does-not-exist.txt"), fx(ctx, "checks/consistent.txt"))
    assert p.returncode == 1
    assert p.stdout == b""
    assert b"does-not-exist.txt" in p.stderr


def test_help_mentions_check(ctx):
    out = ctx.run("--help").stdout.decode()
    assert "--check" in out


def test_json_checks_shape(ctx):
    out = ctx.json(fx(ctx, "xxzhen-2023.txt"))
    assert list(out)[-1] == "checks"
    n = len(out["quantities"])
    for c in out["checks"]:
        assert c["kind"] in ("sum", "parts", "average", "share")
        assert c["status"] in ("ok", "mismatch")
        for k in ("stated", "computed", "difference", "tolerance"):
            assert isinstance(c[k], (int, float)), (k, c)
        assert all(0 <= i < n for i in c["quantities"]) and c["stated_quantity"] in c["quantities"]
        a, b = c["span"]
        assert a < b
    assert {q["status"] for q in out["quantities"]} <= {"planned", "achieved", "unknown"}
    bs = out["stats"]["by_status"]
    assert sum(bs[k]["count"] for k in ("achieved", "planned", "unknown")) == n


if __name__ == "__main__":
    run_all(globals())
