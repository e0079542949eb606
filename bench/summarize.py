#!/usr/bin/env python3
"""Summarises one bench/run.sh results folder: MB/s, ratios to grep, -j 2 / -j 1, peak memory,
the targets, and the growth with size.   bench/summarize.py RESULTS_DIR"""
import json
import os
import re
import sys

MB = 1e6
TARGETS = {"ratio_min": 0.15, "ratio_aim": 0.25, "speedup": 1.8, "speedup_1000": 1.7,
           "folder_mem_mb": 64, "large_mem_factor": 8}


def load(res):
    meta = {}
    with open(os.path.join(res, "meta.tsv")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            meta[k] = v
    sizes = {}
    with open(os.path.join(res, "manifest.tsv")) as f:
        next(f)
        for line in f:
            name, files, b = line.split("\t")
            sizes[name.replace(".txt", "")] = (int(files), int(b))
    runs = {}
    for fn in sorted(os.listdir(res)):
        m = re.match(r"hf-(.+)\.json$", fn)
        if m:
            with open(os.path.join(res, fn)) as f:
                runs[m.group(1)] = {r["command"]: r for r in json.load(f)["results"]}
    mem = {}
    for fn in sorted(os.listdir(res)):
        m = re.match(r"mem-(.+)\.txt$", fn)
        if m:
            with open(os.path.join(res, fn)) as f:
                t = f.read()
            k = re.search(r"Maximum resident set size \(kbytes\): (\d+)", t)
            e = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", t)
            x = re.search(r"Exit status: (\d+)", t)
            if k:
                mem[m.group(1)] = (int(k.group(1)) * 1024, e.group(1) if e else "?", x.group(1) if x else "?")
    emit = {}
    for mode in ("compact", "indented"):
        p = os.path.join(res, f"emit-{mode}.txt")
        if os.path.exists(p):
            m = re.search(r"([\d.]+) MB/s of input, (\d+) quantities/ms", open(p).read())
            if m:
                emit[mode] = (float(m.group(1)), int(m.group(2)))
    return meta, sizes, runs, mem, emit


def mbs(size, r):
    return size / MB / r["mean"]


def cpu(r):
    """Mean CPU seconds (user + system) of a hyperfine result: steadier than wall time on a
    shared machine, and for -j 2 the sum over both workers."""
    return (r.get("user") or 0) + (r.get("system") or 0)


def main():
    res = sys.argv[1]
    meta, sizes, runs, mem, emit = load(res)
    out = []
    p = out.append
    p(f"reportx benchmark — {meta.get('date')}, commit {meta.get('commit')}")
    p(f"machine: {meta.get('nproc')} CPUs ({meta.get('cpu')}), {meta.get('memory')}, {meta.get('kernel')}; "
      f"load before the run {meta.get('load')}; nice {meta.get('nice', '0')}"
      + (f"; {meta['autogroup']}" if meta.get("autogroup") else ""))
    p(f"tools: {meta.get('grep')}, {meta.get('hyperfine')}; grep pattern {meta.get('pattern')}")
    p("")
    p("Throughput (hyperfine: mean ± sd of the runs after 1 warm-up; output through a pipe)")
    p(f"  {'input':<18} {'files':>6} {'MB':>7}  {'command':<14} {'time s':>14} {'MB/s':>8} {'vs grep':>8}"
      f" {'CPU s':>8} {'CPU vs grep':>11}")
    verdict = []
    order = ["folder-200", "large-100", "folder-1000files", "folder-20", "folder-100", "large-10", "large-50"]
    for name in [n for n in order if n in runs] + [n for n in runs if n not in order]:
        files, size = sizes.get(name, (0, 0))
        g = runs[name].get("grep -oP")
        for cmd, r in runs[name].items():
            ratio = f"{g['mean'] / r['mean']:.3f}×" if g else ""
            cratio = f"{cpu(g) / cpu(r):.3f}×" if g else ""
            p(f"  {name:<18} {files:>6} {size / MB:>7.1f}  {cmd:<14} {r['mean']:>7.3f} ± {r['stddev'] or 0:<5.3f}"
              f"{mbs(size, r):>8.1f} {ratio:>8} {cpu(r):>8.2f} {cratio:>11}")
    p("")

    def ratio(name, cmd):
        r = runs.get(name, {})
        return r["grep -oP"]["mean"] / r[cmd]["mean"] if cmd in r and "grep -oP" in r else None

    def speedup(name):
        r = runs.get(name, {})
        return r["reportx -j 1"]["mean"] / r["reportx -j 2"]["mean"] if "reportx -j 2" in r else None

    r1 = ratio("folder-200", "reportx -j 1")
    rl = ratio("large-100", "reportx")
    s200, s1000 = speedup("folder-200"), speedup("folder-1000files")
    p("Ratios")
    if r1 is not None:
        p(f"  reportx -j 1 / grep -oP, folder-200 (JSON Lines):   {r1:.3f}×   target ≥ {TARGETS['ratio_min']}× "
          f"(aim {TARGETS['ratio_aim']}×): {'holds' if r1 >= TARGETS['ratio_min'] else 'MISSED'}")
        verdict.append(r1 >= TARGETS["ratio_min"])
    if rl is not None:
        p(f"  reportx / grep -oP, large-100 (indented JSON):       {rl:.3f}×")
    if s200 is not None:
        p(f"  -j 2 / -j 1, folder-200 ({sizes['folder-200'][0]} reports):          {s200:.2f}×    target ≥ "
          f"{TARGETS['speedup']}×: {'holds' if s200 >= TARGETS['speedup'] else 'MISSED'}")
        verdict.append(s200 >= TARGETS["speedup"])
    for name in ("folder-200", "folder-1000files"):
        r = runs.get(name, {})
        if "reportx -j 2" in r and cpu(r["reportx -j 2"]):
            p(f"  CPU time -j 1 / -j 2, {name}: {cpu(r['reportx -j 1']) / cpu(r['reportx -j 2']):.2f} "
              f"(1.00 = no work added by the second worker)")
    if s1000 is not None:
        p(f"  -j 2 / -j 1, first 1,000 reports:                     {s1000:.2f}×    target ≥ "
          f"{TARGETS['speedup_1000']}×: {'holds' if s1000 >= TARGETS['speedup_1000'] else 'MISSED'}")
        verdict.append(s1000 >= TARGETS["speedup_1000"])
    p("")
    p("Peak memory (maximum resident set size, /usr/bin/time -v)")
    for name, (rss, el, ex) in mem.items():
        base = re.sub(r"-j\d$", "", name)
        files, size = sizes.get(base, (0, 0))
        extra = ""
        if name.startswith("folder-200"):
            ok = rss / MB < TARGETS["folder_mem_mb"]
            extra = f"   target < {TARGETS['folder_mem_mb']} MB: {'holds' if ok else 'MISSED'}"
            verdict.append(ok)
        elif name == "large-100":
            ok = rss < TARGETS["large_mem_factor"] * size
            extra = f"   target < {TARGETS['large_mem_factor']}× file size: {'holds' if ok else 'MISSED'}"
            verdict.append(ok)
        factor = f"{rss / size:5.2f}× input" if size else ""
        p(f"  {name:<18} {rss / MB:8.1f} MB  {factor}  (wall {el}, exit {ex}){extra}")
    p("")
    p("Growth with size (reportx -j 1 for folders, one file otherwise)")
    for kind, names, cmd in (("folders", ["folder-20", "folder-100", "folder-200"], "reportx -j 1"),
                             ("single files", ["large-10", "large-50", "large-100"], "reportx")):
        pts = [(n, sizes[n], runs[n][cmd]) for n in names if n in runs and cmd in runs[n] and n in sizes]
        if not pts:
            continue
        p(f"  {kind}:")
        for n, (files, size), r in pts:
            per_file = f"{r['mean'] / files * 1e3:7.3f} ms/file" if files > 1 else ""
            m = mem.get(n + "-j1", mem.get(n))
            p(f"    {n:<12} {files:>6} files {size / MB:7.1f} MB  {r['mean']:7.3f} s  {mbs(size, r):7.1f} MB/s  "
              f"{r['mean'] / (size / MB) * 1e3:6.2f} ms/MB (CPU {cpu(r) / (size / MB) * 1e3:6.2f}) {per_file}  "
              f"peak {m[0] / MB if m else 0:7.1f} MB")
        if len(pts) >= 2:
            (n0, (f0, s0), r0), (n1, (f1, s1), r1_) = pts[0], pts[-1]
            p(f"    time ×{r1_['mean'] / r0['mean']:.2f} for input ×{s1 / s0:.2f} "
              f"(cost per MB ×{(r1_['mean'] / s1) / (r0['mean'] / s0):.2f}; CPU time per MB "
              f"×{(cpu(r1_) / s1) / (cpu(r0) / s0):.2f})")
    if emit:
        p("")
        p("The JSON emitter alone (bench/emit_bench, CPU time, first 400 reports of folder-200)")
        for mode, (m, q) in emit.items():
            p(f"  {mode:<9} {m:7.1f} MB/s of input, {q} quantities/ms")
    p("")
    p(f"Targets: {sum(verdict)} of {len(verdict)} hold")
    if len(sys.argv) > 2 and sys.argv[2] == "--markdown":
        print(markdown(meta, sizes, runs, mem, emit, r1, rl, s200, s1000))
    else:
        print("\n".join(out))


def markdown(meta, sizes, runs, mem, emit, r1, rl, s200, s1000):
    """The results block of docs/performance.md."""
    o = []
    p = o.append
    p(f"Measured {meta.get('date')} on commit `{meta.get('commit')}` — {meta.get('nproc')} CPUs "
      f"({meta.get('cpu')}), {meta.get('memory')}, {meta.get('kernel')}; load average before the run "
      f"{meta.get('load')} (the machine was shared); measurements run at nice {meta.get('nice', '0')}"
      + (f", session scheduling group `{meta['autogroup']}`" if meta.get("autogroup") else "") + ".")
    p("")
    p("| input | files | MB | command | time (s), mean ± sd | MB/s | grep time ÷ this | CPU s (user + sys) | grep CPU ÷ this |")
    p("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    order = ["folder-200", "large-100", "folder-1000files", "folder-20", "folder-100", "large-10", "large-50"]
    for name in [n for n in order if n in runs]:
        files, size = sizes.get(name, (0, 0))
        g = runs[name].get("grep -oP")
        for cmd, r in runs[name].items():
            ratio = f"{g['mean'] / r['mean']:.3f}×" if g else ""
            cratio = f"{cpu(g) / cpu(r):.3f}×" if g else ""
            p(f"| {name} | {files} | {size / MB:.1f} | `{cmd}` | {r['mean']:.3f} ± {r['stddev'] or 0:.3f} | "
              f"{mbs(size, r):.1f} | {ratio} | {cpu(r):.2f} | {cratio} |")
    p("")
    p("| target | measured | holds |")
    p("|---|---:|---|")
    if r1 is not None:
        p(f"| reportx -j 1 ≥ 0.15× grep -oP (aim 0.25×), 200 MB folder | {r1:.3f}× | "
          f"{'yes' if r1 >= 0.15 else '**no**'} |")
    if rl is not None:
        p(f"| (for information) reportx ÷ grep -oP, 100 MB file, indented JSON | {rl:.3f}× | |")
    if s200 is not None:
        p(f"| -j 2 ≥ 1.8× -j 1, 200 MB folder | {s200:.2f}× | {'yes' if s200 >= 1.8 else '**no**'} |")
    for name in ("folder-200", "folder-1000files"):
        r = runs.get(name, {})
        if "reportx -j 2" in r and cpu(r["reportx -j 2"]):
            p(f"| (for information) CPU time of -j 1 ÷ CPU time of -j 2, {name} | "
              f"{cpu(r['reportx -j 1']) / cpu(r['reportx -j 2']):.2f} | |")
    if s1000 is not None:
        p(f"| -j 2 ≥ 1.7× -j 1, 1,000 reports | {s1000:.2f}× | {'yes' if s1000 >= 1.7 else '**no**'} |")
    for name, (rss, el, ex) in mem.items():
        base = re.sub(r"-j\d$", "", name)
        files, size = sizes.get(base, (0, 0))
        if name.startswith("folder-200"):
            p(f"| peak memory < 64 MB, 200 MB folder (`{name.split('-')[-1]}`) | {rss / MB:.1f} MB | "
              f"{'yes' if rss / MB < 64 else '**no**'} |")
        elif name == "large-100":
            p(f"| peak memory < 8× file size, 100 MB file | {rss / MB:.1f} MB = {rss / size:.2f}× | "
              f"{'yes' if rss < 8 * size else '**no**'} |")
    p("")
    p("Growth with size and count (reportx -j 1 for folders; one file otherwise):")
    p("")
    p("| input | files | MB | time (s) | MB/s | ms per MB | CPU ms per MB | ms per file | peak memory (MB) | peak ÷ input |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for names, cmd in ((["folder-20", "folder-100", "folder-200"], "reportx -j 1"),
                       (["large-10", "large-50", "large-100"], "reportx")):
        for n in names:
            if n not in runs or cmd not in runs[n]:
                continue
            files, size = sizes[n]
            r = runs[n][cmd]
            m = mem.get(n + "-j1", mem.get(n))
            per_file = f"{r['mean'] / files * 1e3:.3f}" if files > 1 else "–"
            p(f"| {n} | {files} | {size / MB:.1f} | {r['mean']:.3f} | {mbs(size, r):.1f} | "
              f"{r['mean'] / (size / MB) * 1e3:.1f} | {cpu(r) / (size / MB) * 1e3:.1f} | "
              f"{per_file} | "
              f"{m[0] / MB if m else float('nan'):.1f} | {m[0] / size if m else float('nan'):.2f} |")
    if emit:
        p("")
        p("The JSON emitter alone (`bench/emit_bench`, CPU time, the first 400 reports of the folder): " +
          "; ".join(f"{mode} {m:.1f} MB/s of input ({q} quantities/ms)" for mode, (m, q) in emit.items()) + ".")
    return "\n".join(o)


if __name__ == "__main__":
    main()
