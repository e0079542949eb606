"""The command line: options, exit codes, stdin, errors, and encodings of the sample."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_all  # noqa: E402

SAMPLE = "xxzhen-2023.txt"


def sample(ctx):
    return os.path.join(ctx.fixtures, SAMPLE)


def test_help_on_stdout_exit_0(ctx):
    p = ctx.run("--help")
    assert p.returncode == 0 and p.stderr == b""
    out = p.stdout.decode()
    assert out.startswith("Usage: reportx") and "Exit status:" in out
    for code in ("0", "1", "2", "3", "4"):
        assert f"  {code}  " in out
    assert ctx.run("-h").stdout == p.stdout


def test_version(ctx):
    for flag in ("-V", "--version"):
        p = ctx.run(flag)
        assert p.returncode == 0 and p.stdout.decode().startswith("reportx ")


def test_unknown_option_exit_2(ctx):
    for opt in ("--bogus", "-Z"):
        p = ctx.run(opt, sample(ctx))
        assert p.returncode == 2, p.returncode
        assert p.stdout == b""
        err = p.stderr.decode()
        assert opt in err and "Try 'reportx --help'" in err


def test_missing_argument_and_bad_size_exit_2(ctx):
    assert ctx.run("--encoding").returncode == 2
    assert ctx.run("--max-size", "lots", sample(ctx)).returncode == 2


def test_missing_file_exit_1(ctx):
    p = ctx.run("/nonexistent/report.txt")
    assert p.returncode == 1 and p.stdout == b""
    assert "/nonexistent/report.txt" in p.stderr.decode()


def test_empty_directory_exit_1(ctx):
    empty = os.path.join(ctx.tmp, "empty-dir")
    os.makedirs(empty, exist_ok=True)
    p = ctx.run(empty)
    assert p.returncode == 1 and p.stdout == b""
    assert "empty-dir: no files matching '*.txt'" in p.stderr.decode()


def test_write_error_exit_3(ctx):
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "wb") as full:
        p = ctx.run(sample(ctx), stdout=full)
    assert p.returncode == 3, p.returncode
    assert "write error" in p.stderr.decode()


def test_out_of_memory_exit_4(ctx):
    # REPORTX_DEBUG_FAIL_ALLOC=N makes the N-th allocation fail (a testing hook, see reportx(1)).
    p = ctx.run(sample(ctx), env={"REPORTX_DEBUG_FAIL_ALLOC": "5"})
    assert p.returncode == 4, (p.returncode, p.stderr)
    assert p.stdout == b"" and "out of memory" in p.stderr.decode()


def test_stdin_and_dash(ctx):
    data = open(sample(ctx), "rb").read()
    a = ctx.json(stdin=data)
    b = ctx.json("-", stdin=data)
    c = ctx.json(sample(ctx))
    assert a["source"]["path"] == "-" and b["source"]["path"] == "-"
    for k in ("sections", "quantities", "title", "meta"):
        assert a[k] == b[k] == c[k]


def test_double_dash_ends_options(ctx):
    p = ctx.path("-c", "一、总体情况\n全镇种植小麦300亩。\n".encode())
    os.chdir(ctx.tmp)
    out = ctx.json("--", "-c")
    assert out["source"]["path"] == "-c"
    assert os.path.basename(p) == "-c"


def test_indented_by_default_compact_on_request(ctx):
    pretty = ctx.run(sample(ctx)).stdout.decode()
    assert pretty.startswith('{\n  "source": {\n    "path": ')
    compact = ctx.run("-c", sample(ctx)).stdout.decode()
    assert compact.count("\n") == 1 and compact.startswith('{"source":{"path":')
    assert json.loads(pretty) == json.loads(compact)


def test_envelope_keys_in_order(ctx):
    out = ctx.json(sample(ctx))
    assert list(out) == ["source", "title", "meta", "sections", "quantities", "stats", "warnings", "checks"]
    assert list(out["source"]) == ["path", "encoding", "bytes", "chars"]
    assert list(out["meta"]) == ["place", "year", "kind"]
    data = open(sample(ctx), "rb").read()
    assert out["source"]["bytes"] == len(data)
    assert out["source"]["chars"] == len(data.decode("utf-8"))


def test_several_inputs_give_json_lines_and_exit_1(ctx):
    p = ctx.run(sample(ctx), "/nonexistent.txt", sample(ctx))
    assert p.returncode == 1
    lines = p.stdout.decode().splitlines()
    assert len(lines) == 3
    docs = [json.loads(line) for line in lines]
    assert docs[0]["source"]["path"].endswith(SAMPLE) and "quantities" in docs[0]
    assert docs[1]["error"]["code"] == "not_found" and docs[1]["source"]["path"] == "/nonexistent.txt"
    assert docs[2]["quantities"] == docs[0]["quantities"]
    assert "/nonexistent.txt" in p.stderr.decode()


def test_jsonl_for_one_input(ctx):
    p = ctx.run("--jsonl", sample(ctx))
    assert p.returncode == 0 and p.stdout.decode().count("\n") == 1


def test_invalid_utf8_names_file_line_column_and_offset(ctx):
    bad = ctx.path("bad.txt", "一、概况\n全镇".encode() + b"\xff\xfe\xfd" + "种植".encode())
    p = ctx.run("--encoding", "UTF-8", bad)
    assert p.returncode == 1 and p.stdout == b""
    err = p.stderr.decode()
    assert bad + ":2:3:" in err, err
    assert "byte 19" in err, err  # 一、概况 = 12 bytes, newline 1, 全镇 6


def test_lossy_replaces_and_warns(ctx):
    bad = ctx.path("lossy.txt", "全镇种植小麦300亩".encode() + b"\xff" + "。".encode())
    out = ctx.json("--lossy", "--encoding", "UTF-8", bad)
    assert any(w["code"] == "replaced_bytes" for w in out["warnings"])


def test_unknown_encoding_exit_2(ctx):
    p = ctx.run("--encoding", "NO-SUCH-ENCODING", sample(ctx))
    assert p.returncode == 2 and p.stdout == b""
    assert "NO-SUCH-ENCODING" in p.stderr.decode()


def test_binary_input_exit_1(ctx):
    b = ctx.path("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50)
    p = ctx.run(b)
    assert p.returncode == 1 and p.stdout == b""
    assert "binary" in p.stderr.decode()


def test_empty_input_exit_1(ctx):
    e = ctx.path("empty.txt", b"")
    p = ctx.run(e)
    assert p.returncode == 1 and "empty" in p.stderr.decode()


def test_max_size(ctx):
    p = ctx.run("--max-size", "1K", sample(ctx))
    assert p.returncode == 1 and "size limit" in p.stderr.decode()
    assert ctx.run("--max-size", "1M", sample(ctx)).returncode == 0


def _shift_for_crlf(text):
    """code point offset in the LF text → offset in the CRLF text"""
    shift, out = 0, []
    for ch in text:
        out.append(shift)
        if ch == "\n":
            shift += 1
    out.append(shift)
    return out


def test_sample_in_other_encodings_gives_the_same_result(ctx):
    raw = open(sample(ctx), "rb").read()
    text = raw.decode("utf-8")
    base = ctx.json(sample(ctx))
    variants = {
        "GB18030": text.encode("gb18030"),
        "UTF-16LE": b"\xff\xfe" + text.encode("utf-16-le"),
        "UTF-16BE": b"\xfe\xff" + text.encode("utf-16-be"),
        "UTF-8": b"\xef\xbb\xbf" + raw,
    }
    for enc, data in variants.items():
        out = ctx.json(ctx.path(f"sample.{enc}.txt", data))
        assert out["source"]["encoding"] == enc, (enc, out["source"])
        assert out["sections"] == base["sections"], enc
        assert out["quantities"] == base["quantities"], enc
        assert out["meta"] == base["meta"] and out["title"] == base["title"], enc
    # CRLF: the same, offsets shifted by the CRs before them
    crlf = ctx.json(ctx.path("sample.crlf.txt", text.replace("\n", "\r\n").encode()))
    shift = _shift_for_crlf(text)
    assert len(crlf["quantities"]) == len(base["quantities"])
    for a, b in zip(base["quantities"], crlf["quantities"]):
        assert b["span"] == [a["span"][0] + shift[a["span"][0]], a["span"][1] + shift[a["span"][1]]]
        assert (a["value"], a["unit"], a["label"], a["section"]) == (b["value"], b["unit"], b["label"], b["section"])

    def flat(secs):
        for s in secs:
            yield s
            yield from flat(s["sections"])
    fa, fb = list(flat(base["sections"])), list(flat(crlf["sections"]))
    assert len(fa) == len(fb)
    for a, b in zip(fa, fb):
        assert b["span"][0] == a["span"][0] + shift[a["span"][0]]
        assert (a["id"], a["marker"], a["title"]) == (b["id"], b["marker"], b["title"])


def test_outline(ctx):
    p = ctx.run("--outline", sample(ctx))
    assert p.returncode == 0
    lines = p.stdout.decode().splitlines()
    assert lines[-1].endswith("outside any section)")


if __name__ == "__main__":
    run_all(globals())
