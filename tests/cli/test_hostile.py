"""Hostile inputs: whatever lies in a shared folder must give a complete result or an exact
error — never a crash, a hang, half a result or a wrong offset. Every run has a timeout.

(Covered elsewhere, not repeated here: a plain empty file, the ELF binary, --max-size on a
regular file, a FIFO in a folder and one named on the command line, a symbolic link loop back
to the top under -L — tests/cli/test_cli.py and test_batch.py.)"""
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_all  # noqa: E402

# Generous: the suite also runs under AddressSanitizer, on a loaded machine.
T = 120
TEXT = "一、概况\n全镇种植小麦300亩，投入资金12.5万元。\n（一）农业\n一是完成造林约1200亩。\n"


def run(ctx, *args, **kw):
    kw.setdefault("timeout", T)
    return ctx.run(*args, **kw)


def big(ctx, name, data):
    """a large input file, deleted when the test run ends (the harness keeps its folder)"""
    path = ctx.path(name, data)
    _big_files.append(path)
    return path


_big_files = []


def ok_json(p):
    """exit 0 and one complete JSON object on stdout"""
    assert p.returncode == 0, (p.returncode, p.stderr.decode("utf-8", "replace")[:500])
    out = p.stdout.decode("utf-8")
    assert out.endswith("\n")
    return json.loads(out)


def failed(p, *words):
    """exit 1, nothing on stdout, one message on stderr holding every word"""
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 1, (p.returncode, err[:500])
    assert p.stdout == b"", p.stdout[:200]
    for w in words:
        assert w in err, (w, err)
    return err


def error_object(ctx, path, *args):
    """the JSON Lines error object for a failing input"""
    p = run(ctx, "--jsonl", *args, path)
    assert p.returncode == 1, p.returncode
    lines = p.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1, lines
    d = json.loads(lines[0])
    assert "quantities" not in d and d["source"]["path"] == path
    return d["error"]


def flat(sections):
    for s in sections:
        yield s
        yield from flat(s["sections"])


# ------------------------------------------------------------------ empty, BOM only, blank

def test_byte_order_mark_alone_is_empty(ctx):
    for name, data in (("utf8", b"\xef\xbb\xbf"), ("utf16le", b"\xff\xfe"), ("utf16be", b"\xfe\xff")):
        p = run(ctx, ctx.path(f"bom-only-{name}.txt", data))
        failed(p, "byte order mark")
        e = error_object(ctx, ctx.path(f"bom-only-{name}.txt"))
        assert e["code"] == "empty", e


def test_blank_lines_only_is_a_document_without_content(ctx):
    d = ok_json(run(ctx, "-c", ctx.path("blank.txt", b"\n \r\n\t\n" * 10000)))
    assert d["sections"] == [] and d["quantities"] == []
    assert d["source"]["chars"] == 60000


# ------------------------------------------------------------------ size and repetition

def test_five_megabyte_single_line(ctx):
    unit = "全镇种植小麦300亩，" + "加强基层组织建设推进乡村振兴" * 20 + "。"
    line = unit * (5 * 1024 * 1024 // len(unit.encode()) + 1)
    data = line.encode()
    assert len(data) >= 5 * 1024 * 1024 and b"\n" not in data
    start = time.monotonic()
    d = ok_json(run(ctx, "-c", big(ctx, "long-line.txt", data)))
    assert d["source"]["chars"] == len(line)
    n = line.count("300亩")
    assert len(d["quantities"]) == n, (len(d["quantities"]), n)
    last = d["quantities"][-1]
    assert line[last["span"][0]:last["span"][1]] == last["text"] == "300亩"
    print(f"  5 MB line: {time.monotonic() - start:.1f} s")


def test_hundred_thousand_list_markers(ctx):
    ordinals = "一二三四五六七八九十"
    body = "".join(f"{ordinals[i % 10]}是加强工作投入{i}万元。" for i in range(100000))
    start = time.monotonic()
    d = ok_json(run(ctx, "-c", big(ctx, "markers.txt", ("一、工作\n" + body + "\n").encode())))
    print(f"  1e5 inline markers: {time.monotonic() - start:.1f} s")
    assert len(d["quantities"]) == 100000
    secs = list(flat(d["sections"]))
    assert secs and secs[0]["marker"] == "一、"
    # the same as lines of 1. 2. … 100000.
    lines = "".join(f"{i}.加强工作投入{i}万元。\n" for i in range(1, 100001))
    d = ok_json(run(ctx, "-c", big(ctx, "markers-lines.txt", ("一、工作\n" + lines).encode())))
    assert len(d["quantities"]) == 100000


def test_megabyte_of_digits(ctx):
    for name, text in (("digits", "共" + "7" * 1000000 + "亩。"),
                       ("digits-point", "共" + "7" * 500000 + "." + "3" * 500000 + "万元。"),
                       ("digits-bare", "1" * 1000000),
                       ("fullwidth-digits", "共" + "７" * 300000 + "亩")):
        start = time.monotonic()
        d = ok_json(run(ctx, "-c", big(ctx, f"{name}.txt", text.encode())))
        assert d["source"]["chars"] == len(text)
        for q in d["quantities"]:  # whatever is kept is exact and inside the text
            assert text[q["span"][0]:q["span"][1]] == q["text"]
        print(f"  {name}: {time.monotonic() - start:.1f} s, {len(d['quantities'])} quantities")


def test_hundred_thousand_nested_parentheses(ctx):
    for name, text in (("parens", "（" * 100000 + "一" + "）" * 100000),
                       ("parens-ascii", "一、概况\n" + "(" * 100000 + "3亩" + ")" * 100000 + "\n"),
                       ("parens-markers", "".join(f"（{'一二三四五六七八九'[i % 9]}）（" for i in range(50000))),
                       ("unbalanced", "（" * 100000 + "全镇种植小麦300亩")):
        d = ok_json(run(ctx, "-c", big(ctx, f"{name}.txt", text.encode())))
        for s in flat(d["sections"]):
            assert s["level"] <= 16  # REPORTX_DEFAULT_MAX_DEPTH


def test_deeply_nested_sections_stop_at_max_depth(ctx):
    # every numbering style in turn, each one level deeper: the tree is cut at 16 levels
    styles = ["{c}、", "（{c}）", "{c}是", "{n}.", "（{n}）", "{r}"]
    circled = "①②③④⑤⑥⑦⑧⑨⑩"
    text = "一、开头\n"
    for depth in range(60):
        st = styles[depth % len(styles)]
        text += st.format(c="一", n=1, r=circled[0]) + f"第{depth}层，种植{depth + 1}亩。\n"
    d = ok_json(run(ctx, "-c", ctx.path("deep.txt", text.encode())))
    levels = [s["level"] for s in flat(d["sections"])]
    assert max(levels) <= 16, max(levels)
    assert len(d["quantities"]) == 60


# ------------------------------------------------------------------ bytes that are not text

def test_nul_bytes(ctx):
    base = TEXT.encode()
    for k in (0, 2, len(TEXT) // 2, len(TEXT) - 1):
        i = len(TEXT[:k].encode())  # a NUL between two characters
        data = base[:i] + b"\x00" + base[i:]
        path = ctx.path(f"nul-{i}.txt", data)
        failed(run(ctx, path), "binary", f"byte {i}")
        e = error_object(ctx, path)
        assert e["code"] == "binary" and e["offset"] == i, (i, e)
    # a NUL code unit in UTF-16 is a NUL character too
    u16 = b"\xff\xfe" + TEXT[:6].encode("utf-16-le") + b"\x00\x00" + TEXT[6:].encode("utf-16-le")
    e = error_object(ctx, ctx.path("nul-utf16.txt", u16))
    assert e["code"] == "binary" and e["offset"] == 2 + 12, e
    # NUL bytes only
    failed(run(ctx, ctx.path("nuls.txt", b"\x00" * 100000)), "binary")


def test_real_binaries_look_binary(ctx):
    exe = open(sys.executable, "rb").read(200000)
    for name, data in (("exe", exe), ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40),
                       ("gzip", b"\x1f\x8b\x08\x00" + bytes((i * 7919) % 251 for i in range(50000)))):
        p = run(ctx, ctx.path(f"{name}.txt", data))
        err = failed(p)
        assert "binary" in err or "invalid" in err, err


def _char_start(text, i):
    """byte offset of the start of the character holding byte i of text's UTF-8"""
    return max(b for b in (len(text[:k].encode()) for k in range(len(text) + 1)) if b <= i)


def test_invalid_utf8_at_every_position(ctx):
    base = TEXT.encode()
    cases = []
    for k in range(len(TEXT) + 1):  # 0xff inserted between two characters: the error is at it
        i = len(TEXT[:k].encode())
        cases.append((f"inserted at {i}", base[:i] + b"\xff" + base[i:], i, len(TEXT) + 1))
    for i in range(len(base)):  # byte i overwritten: the error is at the start of its character
        cases.append((f"byte {i} overwritten", base[:i] + b"\xff" + base[i + 1:], _char_start(TEXT, i), None))
    for what, data, at, chars in cases:
        path = ctx.path("bad-at.txt", data)
        # strict: exit 1, the right byte offset, line and column in the message and the error object
        p = run(ctx, "--encoding", "UTF-8", path)
        err = failed(p, f"at byte {at}")
        line = data[:at].count(b"\n") + 1
        col = len(data[:at].decode().split("\n")[-1]) + 1
        assert f"{path}:{line}:{col}:" in err, (what, err)
        e = error_object(ctx, path, "--encoding", "UTF-8")
        assert e["code"] == "decode" and e["offset"] == at, (what, e)
        # lossy: U+FFFD in its place and a warning naming the offset
        d = ok_json(run(ctx, "-c", "--lossy", "--encoding", "UTF-8", path))
        if chars is not None:
            assert d["source"]["chars"] == chars, (what, d["source"])
        warn = [w for w in d["warnings"] if w["code"] == "replaced_bytes"]
        assert len(warn) == 1 and f"at byte {at}" in warn[0]["message"], (what, d["warnings"])
        # detection: UTF-8 but for one byte — an error at that byte, or a complete result
        p = run(ctx, path)
        assert p.returncode in (0, 1), p.returncode
        if p.returncode == 1:
            assert f"byte {at}" in p.stderr.decode(), (what, p.stderr)
        else:
            json.loads(p.stdout)


def test_utf8_cut_at_every_byte(ctx):
    base = TEXT.encode()
    starts = {len(TEXT[:k].encode()) for k in range(len(TEXT) + 1)}
    for n in range(1, len(base)):
        path = ctx.path("cut.txt", base[:n])
        p = run(ctx, "--encoding", "UTF-8", path)
        if n in starts:
            ok_json(p)
        else:
            char_start = max(s for s in starts if s < n)
            failed(p, "ends inside", f"byte {char_start}")


def test_truncated_gb18030_and_utf16(ctx):
    cases = {
        "GB18030": TEXT.encode("gb18030") + "𠀀".encode("gb18030"),  # 2- and 4-byte characters
        "UTF-16LE": b"\xff\xfe" + (TEXT + "𠀀").encode("utf-16-le"),  # a surrogate pair at the end
        "UTF-16BE": b"\xfe\xff" + (TEXT + "𠀀").encode("utf-16-be"),
    }
    for enc, data in cases.items():
        text = TEXT + "𠀀"
        bom = 2 if enc.startswith("UTF-16") else 0
        starts = {bom + len(text[:k].encode(enc.replace("UTF-16", "UTF-16-"))) for k in range(len(text) + 1)}
        for n in range(bom + 1, len(data)):
            path = ctx.path(f"cut-{enc}.txt", data[:n])
            args = ("--encoding", enc) if enc == "GB18030" else ()
            p = run(ctx, *args, path)
            if n in starts:
                assert ok_json(p)["source"]["encoding"] == enc
            else:
                char_start = max(s for s in starts if s < n)
                failed(p, "ends inside", f"byte {char_start}")
                e = error_object(ctx, path, *args)
                assert e["code"] == "truncated" and e["offset"] == char_start, (enc, n, e)
                d = ok_json(run(ctx, "--lossy", *args, path))
                assert any(w["code"] == "replaced_bytes" for w in d["warnings"]), (enc, n)


def test_lone_surrogates_in_utf16(ctx):
    for name, unit in (("high", b"\x3d\xd8"), ("low", b"\x00\xde")):
        data = b"\xff\xfe" + "全镇".encode("utf-16-le") + unit + "小麦".encode("utf-16-le")
        path = ctx.path(f"surrogate-{name}.txt", data)
        failed(run(ctx, path), "byte 6")
        d = ok_json(run(ctx, "--lossy", path))
        assert d["source"]["chars"] == 5 and any(w["code"] == "replaced_bytes" for w in d["warnings"])


# ------------------------------------------------------------------ what is not a file

def test_directory_on_standard_input(ctx):
    fd = os.open(ctx.tmp, os.O_RDONLY)  # a directory opened for reading: read() fails with EISDIR
    try:
        p = subprocess.run([ctx.bin], stdin=fd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=T)
    finally:
        os.close(fd)
    assert p.returncode in (1, 3), p.returncode
    assert p.stdout == b"" and "directory" in p.stderr.decode().lower(), p.stderr


def test_device_and_dangling_and_looping_links_in_a_folder_are_skipped(ctx):
    root = os.path.join(ctx.tmp, "odd")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    good = os.path.join(root, "good.txt")
    with open(good, "w", encoding="utf-8") as f:
        f.write(TEXT)
    os.symlink("/dev/zero", os.path.join(root, "zero.txt"))  # a device, under -L
    os.symlink(os.path.join(root, "gone.txt"), os.path.join(root, "dangling.txt"))
    os.symlink(os.path.join(root, "self.txt"), os.path.join(root, "self.txt"))  # ELOOP
    os.makedirs(os.path.join(root, "dir.txt"))  # a folder whose name matches the glob
    p = run(ctx, "-L", "-c", root, timeout=60)
    err = p.stderr.decode()
    out = [json.loads(line) for line in p.stdout.decode().splitlines()]
    ok = [d for d in out if "error" not in d]
    assert [d["source"]["path"] for d in ok] == [good], out
    assert "zero.txt: not a regular file" in err, err
    assert "self.txt" in err and "dangling.txt" in err, err
    # nothing is left unexplained: each odd entry is a note on stderr or an error object
    for name in ("zero.txt", "self.txt", "dangling.txt"):
        assert name in err or any(d["source"]["path"].endswith(name) for d in out), name


def test_device_named_on_the_command_line_stops_at_max_size(ctx):
    # read like standard input; /dev/zero never ends, so the size limit must stop it
    p = run(ctx, "--max-size", "1M", "/dev/zero", timeout=60)
    err = failed(p)
    assert "size limit" in err or "binary" in err, err
    p = run(ctx, "/dev/null", timeout=60)
    failed(p, "empty")


def test_process_substitution_is_read_like_stdin(ctx):
    if not shutil.which("bash") or not shutil.which("iconv"):
        return
    src = ctx.path("utf8.txt", TEXT.encode())
    p = subprocess.run(["bash", "-c", f'"$0" -c <(iconv -f UTF-8 -t GB18030 "$1")', ctx.bin, src],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=T)
    d = ok_json(p)
    assert d["source"]["encoding"] == "GB18030" and d["source"]["chars"] == len(TEXT)


def test_endless_stdin_stops_at_max_size(ctx):
    # nothing past the limit is read: the process stops although the writer never does
    proc = subprocess.Popen([ctx.bin, "--max-size", "64K", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    written = 0
    chunk = TEXT.encode() * 100
    try:
        while written < 64 * 1024 * 1024:
            proc.stdin.write(chunk)
            written += len(chunk)
    except (BrokenPipeError, OSError):
        pass
    out, err = proc.communicate(timeout=T)
    assert proc.returncode == 1 and out == b"", (proc.returncode, err)
    assert "size limit" in err.decode() or "limit" in err.decode(), err
    assert written < 16 * 1024 * 1024, written  # it stopped reading long before the writer stopped


def test_sparse_file_over_the_default_limit_is_not_read(ctx):
    path = ctx.path("huge.txt")
    with open(path, "wb") as f:
        f.truncate(256 * 1024 * 1024 + 1)  # sparse: costs no disk, but 256 MiB to read
    start = time.monotonic()
    p = run(ctx, path)
    elapsed = time.monotonic() - start
    failed(p, "size limit")
    assert elapsed < 10, elapsed
    e = error_object(ctx, path)
    assert e["code"] == "too_large", e
    os.unlink(path)


def test_file_names_that_are_not_utf8_still_give_utf8_json(ctx):
    # JSON is UTF-8 (RFC 8259): a path that is not must be written so that it parses
    root = os.path.join(ctx.tmp, "names").encode()
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    names = [b"\xff\xfe.txt", b"cut\xe4\xb8.txt", b"new\nline.txt", b"quote\"q.txt", b"ok.txt"]
    for n in names:
        with open(os.path.join(root, n), "wb") as f:
            f.write(TEXT.encode())
    with open(os.path.join(root, b"bin\xff.txt"), "wb") as f:  # an error object with such a path
        f.write(b"\x00" * 100)
    p = run(ctx, "-c", root.decode("utf-8"))
    assert p.returncode == 1, p.returncode
    lines = p.stdout.splitlines()
    assert len(lines) == len(names) + 1, lines
    for line in lines:
        d = json.loads(line.decode("utf-8"))  # raises on invalid UTF-8
        assert d["source"]["path"].startswith(root.decode())


# ------------------------------------------------------------------ files that change under us

def _wait_for_open(pid):
    """Waits until a thread of pid sits in openat (x86-64 syscall 257): blocked on the FIFO.
    Where /proc/PID/task/*/syscall cannot tell, waits two seconds."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
            calls = [open(f"/proc/{pid}/task/{t}/syscall").read().split()[0] for t in tasks]
        except (OSError, IndexError):
            time.sleep(2)
            return
        if "257" in calls:
            time.sleep(0.1)
            return
        time.sleep(0.02)
    raise AssertionError("reportx never opened the FIFO")


def _blocked_on_fifo(ctx, name, files, change, extra=()):
    """Runs reportx -j 1 FIFO FOLDER: the folder is walked first, then reportx waits on the
    FIFO; change() alters the folder meanwhile; then the FIFO is fed and closed."""
    root = os.path.join(ctx.tmp, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "d"))
    for f in files:
        with open(os.path.join(root, "d", f), "w", encoding="utf-8") as fh:
            fh.write(TEXT)
    fifo = os.path.join(root, "first.fifo")
    os.mkfifo(fifo)
    proc = subprocess.Popen([ctx.bin, "-j", "1", "-c", *extra, fifo, os.path.join(root, "d")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_open(proc.pid)  # the walk is done before the first read, which waits on the FIFO
    change(os.path.join(root, "d"))
    opener = threading.Thread(target=lambda: open(fifo, "wb").write(TEXT.encode()))
    opener.daemon = True
    opener.start()
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"{name}: reportx hung")
    return proc.returncode, [json.loads(line) for line in out.decode().splitlines()], err.decode()


def test_file_removed_between_walk_and_read(ctx):
    rc, docs, err = _blocked_on_fifo(ctx, "vanish", ["a.txt", "b.txt", "c.txt"],
                                     lambda d: os.unlink(os.path.join(d, "b.txt")))
    assert rc == 1, (rc, err)
    assert len(docs) == 4, docs
    assert [("error" in d) for d in docs] == [False, False, True, False], docs
    assert docs[2]["error"]["code"] == "not_found" and docs[2]["source"]["path"].endswith("b.txt")
    assert "b.txt" in err


def test_file_replaced_by_a_fifo_between_walk_and_read_does_not_hang(ctx):
    def swap(d):
        os.unlink(os.path.join(d, "b.txt"))
        os.mkfifo(os.path.join(d, "b.txt"))
    rc, docs, err = _blocked_on_fifo(ctx, "swap", ["a.txt", "b.txt", "c.txt"], swap)
    assert rc == 1, (rc, err)
    assert "b.txt" in err
    ok = [d["source"]["path"] for d in docs if "error" not in d]
    assert len(ok) == 3 and not any(p.endswith("b.txt") for p in ok), docs


def test_file_replaced_by_a_huge_one_between_walk_and_read(ctx):
    def grow(d):
        with open(os.path.join(d, "b.txt"), "r+b") as f:
            f.truncate(2 * 1024 * 1024)  # over the limit given below, after the walk saw it small
    rc, docs, err = _blocked_on_fifo(ctx, "grow", ["a.txt", "b.txt"], grow, extra=("--max-size", "1M"))
    assert rc == 1, (rc, err)
    assert [("error" in d) for d in docs] == [False, False, True], docs
    assert docs[2]["error"]["code"] == "too_large", docs[2]


if __name__ == "__main__":
    import atexit
    atexit.register(lambda: [os.unlink(p) for p in _big_files if os.path.exists(p)])
    run_all(globals())
