"""Print every labelled line (truth.json) and every designed negative (negatives.json).

    python3 verify_truth.py            # all
    python3 verify_truth.py --neg      # negatives only
    python3 verify_truth.py FILE ...   # restrict to some corpus files
    python3 verify_truth.py --stats    # counts only

Also checks that every referenced line exists, that end_line >= line, and
that every corpus file parses as Python 3.10.
"""
import ast
import collections
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))


# a line "mentions the deprecated object or a host" if it has the bare word
# (spelled in pieces so this helper does not look like a consumer) or a host-like token
WORD = re.compile(r"\b" + "".join(["ur", "ls"]) + r"\b")
HOST = re.compile(r"://|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|us|org|io|net|app|dev|co|link|local|internal)\b", re.I)


def stats(truth, negs):
    print("labels per code:", dict(sorted(collections.Counter(t["code"] for t in truth).items())))
    print("labelled files:", len({t["file"] for t in truth}), " files with negatives:", len({n["file"] for n in negs}))
    covered = collections.defaultdict(set)
    for t in truth:
        covered[t["file"]].update(range(t["line"], t["end_line"] + 1))
    neg = {(n["file"], n["line"]) for n in negs}
    pos_l = neg_l = other_l = 0
    corpus = []
    for dirpath, _, names in os.walk(ROOT):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
            if name.endswith(".py") and rel != "verify_truth.py" and not rel.startswith("_"):
                corpus.append(rel)
    for rel in sorted(corpus):
        with open(os.path.join(ROOT, rel)) as fh:
            for i, line in enumerate(fh, 1):
                if WORD.search(line) or HOST.search(line):
                    if i in covered[rel]:
                        pos_l += 1
                    elif (rel, i) in neg:
                        neg_l += 1
                    else:
                        other_l += 1
    total = pos_l + neg_l + other_l
    print(f"corpus files: {len(corpus)}")
    print(f"lines mentioning the object or a host: {total} (inside a label {pos_l}, designed negative {neg_l}, neither {other_l}); negatives share {100 * neg_l / total:.1f}%")


def main(argv):
    only_neg = "--neg" in argv
    files = [a for a in argv if not a.startswith("--")]
    truth = json.load(open(os.path.join(ROOT, "truth.json")))
    negs = json.load(open(os.path.join(ROOT, "negatives.json")))
    cache = {}
    problems = 0
    if "--stats" in argv:
        stats(truth, negs)
        return 0

    def lines_of(rel):
        if rel not in cache:
            with open(os.path.join(ROOT, rel)) as fh:
                src = fh.read()
            ast.parse(src, feature_version=(3, 10))
            cache[rel] = src.split("\n")
        return cache[rel]

    if not only_neg:
        for t in truth:
            if files and t["file"] not in files:
                continue
            src = lines_of(t["file"])
            if not (1 <= t["line"] <= t["end_line"] <= len(src)):
                print("BAD RANGE", t)
                problems += 1
                continue
            print(f"{t['file']}:{t['line']}-{t['end_line']} {t['code']}  ({t['note']})")
            for n in range(t["line"], t["end_line"] + 1):
                print(f"    {n:4d} | {src[n - 1]}")
    for n in negs:
        if files and n["file"] not in files:
            continue
        src = lines_of(n["file"])
        if not 1 <= n["line"] <= len(src):
            print("BAD LINE", n)
            problems += 1
            continue
        print(f"{n['file']}:{n['line']} NEG  ({n['note']})")
        print(f"    {n['line']:4d} | {src[n['line'] - 1]}")
    print(f"{len(truth)} labels, {len(negs)} negatives, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
