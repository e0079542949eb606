"""A tiny test harness for the CLI tests: no dependency beyond Python's standard library.

Each test module defines test_* functions taking (ctx); run_all() runs them, prints one line
per test and a closing 'N passed, N failed', and exits 1 if any failed."""
import json
import os
import subprocess
import sys
import tempfile
import traceback


class Ctx:
    def __init__(self, binary, fixtures):
        self.bin = os.path.abspath(binary)
        self.fixtures = os.path.abspath(fixtures)
        self.tmp = tempfile.mkdtemp(prefix="reportx-test-")

    def run(self, *args, stdin=None, env=None, stdout=subprocess.PIPE, timeout=120):
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        return subprocess.run([self.bin, *args], input=stdin, stdout=stdout,
                              stderr=subprocess.PIPE, env=full_env, timeout=timeout)

    def json(self, *args, **kw):
        p = self.run(*args, **kw)
        assert p.returncode == 0, f"exit {p.returncode}: {p.stderr.decode('utf-8', 'replace')}"
        return json.loads(p.stdout.decode("utf-8"))

    def path(self, name, data=None):
        p = os.path.join(self.tmp, name)
        if data is not None:
            with open(p, "wb") as f:
                f.write(data)
        return p


def subset(expected, actual, where="$"):
    """Every key of an expected object equals in actual (recursively); arrays match in
    length and element-wise. Returns a list of differences."""
    diffs = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r:.80}"]
        for k, v in expected.items():
            if k not in actual:
                diffs.append(f"{where}.{k}: missing")
            else:
                diffs += subset(v, actual[k], f"{where}.{k}")
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            n = len(actual) if isinstance(actual, list) else "not a list"
            return [f"{where}: expected {len(expected)} items, got {n}"]
        for i, (e, a) in enumerate(zip(expected, actual)):
            diffs += subset(e, a, f"{where}[{i}]")
    elif isinstance(expected, float) or isinstance(actual, float):
        if not isinstance(actual, (int, float)) or abs(expected - actual) > 1e-9 * max(1, abs(expected)):
            diffs.append(f"{where}: expected {expected!r}, got {actual!r}")
    elif expected != actual or type(expected) is not type(actual):
        diffs.append(f"{where}: expected {expected!r}, got {actual!r}")
    return diffs


def run_all(module_globals):
    if len(sys.argv) < 3:
        print("usage: test_X.py REPORTX_BINARY FIXTURES_DIR", file=sys.stderr)
        sys.exit(2)
    ctx = Ctx(sys.argv[1], sys.argv[2])
    tests = [(n, f) for n, f in sorted(module_globals.items()) if n.startswith("test_") and callable(f)]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn(ctx)
            passed += 1
            print(f"ok   {name}")
        except Exception:  # report every failure, then go on
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
