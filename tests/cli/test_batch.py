"""Folders of reports: walking, JSON Lines, CSV/TSV, the summary, workers and order."""
import csv
import io
import json
import os
import shutil
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_all  # noqa: E402


def batch_dir(ctx):
    return os.path.join(ctx.fixtures, "batch")


EXPECTED_ORDER = ["a-town/2022.txt", "a-town/2023.txt", "b-town/broken.txt", "b-town/sub/2023.txt"]


def rel(ctx, path):
    return os.path.relpath(path, batch_dir(ctx))


def test_folder_is_walked_in_name_order_with_a_bad_file(ctx):
    p = ctx.run("-j", "2", batch_dir(ctx))
    assert p.returncode == 1, p.returncode  # one input failed
    lines = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert [rel(ctx, d["source"]["path"]) for d in lines] == EXPECTED_ORDER
    bad = lines[2]
    assert bad["error"]["code"] in ("binary", "decode") and "quantities" not in bad
    assert "broken.txt" in p.stderr.decode()
    for d in (lines[0], lines[1], lines[3]):
        assert "error" not in d and d["quantities"] and d["sections"]
    # hidden folders and files not matching the glob are not read
    assert ".hidden" not in p.stdout.decode() and "notes.md" not in p.stdout.decode()


def test_output_is_identical_for_any_number_of_workers(ctx):
    outs = [ctx.run("-j", str(j), batch_dir(ctx), os.path.join(ctx.fixtures, "xxzhen-2023.txt")).stdout
            for j in (1, 2, 4)]
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) == 5


def test_many_files_keep_their_order(ctx):
    many = os.path.join(ctx.tmp, "many")
    os.makedirs(many, exist_ok=True)
    src = open(os.path.join(batch_dir(ctx), "a-town", "2023.txt"), encoding="utf-8").read()
    for i in range(60):
        with open(os.path.join(many, f"r{i:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(src.replace("12500", str(10000 + i)))
    a = ctx.run("-j", "1", many).stdout
    b = ctx.run("-j", "3", many).stdout
    assert a == b
    paths = [json.loads(line)["source"]["path"] for line in a.decode().splitlines()]
    assert paths == sorted(paths) and len(paths) == 60


def test_glob_option(ctx):
    p = ctx.run("--glob", "*.md", batch_dir(ctx))
    docs = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert [rel(ctx, d["source"]["path"]) for d in docs] == ["notes.md"]


def test_symlinks_followed_only_with_L_and_loops_stop(ctx):
    root = os.path.join(ctx.tmp, "links")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "real"))
    shutil.copy(os.path.join(batch_dir(ctx), "a-town", "2023.txt"), os.path.join(root, "real", "r.txt"))
    os.symlink(os.path.join(root, "real", "r.txt"), os.path.join(root, "link.txt"))
    os.symlink(root, os.path.join(root, "real", "loop"))  # a loop back to the top
    p = ctx.run(root)
    assert [rel_ for rel_ in (json.loads(l)["source"]["path"] for l in p.stdout.decode().splitlines())] == \
        [os.path.join(root, "real", "r.txt")]
    p = ctx.run("-L", root)
    paths = [json.loads(l)["source"]["path"] for l in p.stdout.decode().splitlines()]
    assert paths == [os.path.join(root, "link.txt"), os.path.join(root, "real", "r.txt")], paths
    assert p.returncode == 0


def test_fifo_in_a_folder_is_skipped_with_a_note(ctx):
    root = os.path.join(ctx.tmp, "fifo")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    os.mkfifo(os.path.join(root, "pipe.txt"))
    shutil.copy(os.path.join(batch_dir(ctx), "a-town", "2023.txt"), os.path.join(root, "r.txt"))
    p = ctx.run(root, timeout=20)
    assert p.returncode == 0
    assert "pipe.txt: not a regular file, skipped" in p.stderr.decode()
    assert len(p.stdout.decode().splitlines()) == 1


def test_fifo_named_on_the_command_line_is_read(ctx):
    fifo = os.path.join(ctx.tmp, "named.fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    import subprocess
    data = open(os.path.join(batch_dir(ctx), "a-town", "2023.txt"), "rb").read()
    proc = subprocess.Popen([ctx.bin, fifo], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with open(fifo, "wb") as w:
        w.write(data)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert json.loads(out)["source"]["bytes"] == len(data)


def test_no_progress_when_stderr_is_not_a_terminal(ctx):
    p = ctx.run(os.path.join(batch_dir(ctx), "a-town"))
    assert p.returncode == 0 and p.stderr == b""


def test_progress_line_on_a_terminal(ctx):
    import pty
    import subprocess
    master, slave = pty.openpty()
    proc = subprocess.Popen([ctx.bin, batch_dir(ctx)], stdout=subprocess.PIPE, stderr=slave)
    out, _ = proc.communicate(timeout=60)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    err = err.decode("utf-8", "replace")
    assert "files," in err and "MB/s" in err and "left" in err, err
    assert "\r" in err  # updated in place
    assert len(out.splitlines()) == 4  # progress never goes to stdout
    quiet = subprocess.run([ctx.bin, "-q", os.path.join(batch_dir(ctx), "a-town")], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    assert quiet.stderr == b""


def test_csv_reads_back_to_the_json_values(ctx):
    src = os.path.join(batch_dir(ctx), "a-town")
    docs = [json.loads(l) for l in ctx.run(src).stdout.decode().splitlines()]
    p = ctx.run("--format", "csv", src)
    assert p.returncode == 0
    text = p.stdout.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    want = []
    for d in docs:
        secs = {}

        def walk(ss):
            for s in ss:
                secs[s["id"]] = s["title"]
                walk(s["sections"])
        walk(d["sections"])
        for q in d["quantities"]:
            want.append((d["source"]["path"], q["section"] or "", secs.get(q["section"], ""), q["label"],
                         q["text"], Decimal(str(q["value"])), q["unit"], q["class"],
                         Decimal(str(q["normalized"]["value"])) if q["normalized"] else None,
                         q["qualifier"] or "", q["span"][0], q["span"][1]))
    got = [(r["path"], r["section"], r["section_title"], r["label"], r["text"], Decimal(r["value"]), r["unit"],
            r["class"], Decimal(r["normalized_value"]) if r["normalized_value"] else None, r["qualifier"],
            int(r["start"]), int(r["end"])) for r in rows]
    assert got == want
    assert len(rows) > 0
    assert text.startswith("path,section,section_title,label,text,value,value_max,unit,class,"
                           "normalized_value,normalized_unit,qualifier,start,end\r\n")


def test_csv_quoting_and_bom_and_tsv(ctx):
    tricky = ctx.path("tricky.txt", '一、情况\n“甲,乙”项目投入资金"5"万元，种植小麦300亩。\n'.encode())
    p = ctx.run("--format", "csv", "--bom", tricky)
    assert p.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(p.stdout.decode("utf-8-sig"), newline="")))
    assert all(len(r) == 14 for r in rows)
    t = ctx.run("--format", "tsv", tricky).stdout.decode()
    assert all(len(line.split("\t")) == 14 for line in t.splitlines())


def test_summary_totals_agree_with_stats(ctx):
    src = os.path.join(batch_dir(ctx), "a-town")
    docs = [json.loads(l) for l in ctx.run(src).stdout.decode().splitlines()]
    p = ctx.run("--summary", src)
    assert p.returncode == 0
    lines = p.stdout.decode().splitlines()
    header = lines[0].split("\t")
    assert header[:6] == ["path", "place", "year", "kind", "sections", "quantities"]
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:]]
    assert len(rows) == len(docs)
    for d, r in zip(docs, rows):
        assert r["path"] == d["source"]["path"]
        assert int(r["quantities"]) == len(d["quantities"])
        money = d["stats"]["by_class"].get("money", {}).get("normalized", {}).get("元", {}).get("sum", 0)
        area = d["stats"]["by_class"].get("area", {}).get("normalized", {}).get("m2", {}).get("sum", 0)
        assert Decimal(r["money_yuan"]) == Decimal(str(money))
        assert Decimal(r["area_m2"]) == Decimal(str(area))
    js = [json.loads(l) for l in ctx.run("--summary", "--jsonl", src).stdout.decode().splitlines()]
    assert [j["path"] for j in js] == [r["path"] for r in rows]
    assert [Decimal(str(j["money_yuan"])) for j in js] == [Decimal(r["money_yuan"]) for r in rows]


def test_bad_jobs_value_is_a_usage_error(ctx):
    assert ctx.run("-j", "0", batch_dir(ctx)).returncode == 2
    assert ctx.run("-j", "x", batch_dir(ctx)).returncode == 2
    assert ctx.run("--format", "xml", batch_dir(ctx)).returncode == 2


if __name__ == "__main__":
    run_all(globals())
