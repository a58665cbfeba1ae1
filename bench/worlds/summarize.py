#!/usr/bin/env python3
"""One table over several `jss evaluate --format json` results (one per seed), as the README reports them.

    python3 bench/worlds/summarize.py RUN/*/eval.json

Per detector: precision and recall on the worst seed and over all seeds pooled. Per variant family: recall
on the worst seed and pooled. Then the clean accounts flagged and the near-miss traps flagged per seed.
Standard library only.
"""
import json
import sys
from collections import defaultdict


def main(paths):
    runs = []
    for p in paths:
        with open(p) as f:
            runs.append((p, json.load(f)))
    if not runs:
        sys.exit("summarize: no eval.json given")
    det = defaultdict(list)
    fam = defaultdict(list)
    for _, r in runs:
        for name, c in r["detectors"].items():
            det[name].append(c)
        for name, c in r["families"].items():
            fam[name].append(c)
    print("%d seed(s): %s" % (len(runs), ", ".join(p for p, _ in runs)))
    print()
    print("| detector | precision, worst seed | precision, pooled | recall, worst seed | recall, pooled |"
          " tp | fp | fn |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, cs in det.items():
        tp, fp, fn = (sum(c[k] for c in cs) for k in ("tp", "fp", "fn"))
        pooled_p = tp / (tp + fp) if tp + fp else 1.0
        pooled_r = tp / (tp + fn) if tp + fn else 1.0
        print("| %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %d |" % (
            name, min(c["precision"] for c in cs), pooled_p, min(c["recall"] for c in cs), pooled_r,
            tp, fp, fn))
    print()
    print("| variant family | planted | flagged by its detector | recall, worst seed | recall, pooled |")
    print("|---|---:|---:|---:|---:|")
    for name in sorted(fam):
        cs = fam[name]
        a = sum(c["accounts"] for c in cs)
        k = sum(c["flagged"] for c in cs)
        print("| %s | %d | %d | %.3f | %.3f |" % (name, a, k, min(c["rate"] for c in cs), k / a if a else 1))
    print()
    print("| seed | clean accounts flagged | rate | near-miss traps flagged |")
    print("|---|---:|---:|---:|")
    for p, r in runs:
        traps = r.get("traps", {})
        ta = sum(t["accounts"] for t in traps.values())
        tf = sum(t["flagged"] for t in traps.values())
        print("| %s | %d of %d | %.3f%% | %s |" % (
            p.split("/")[-2], r["clean_flagged"], r["clean_accounts"], 100 * r["clean_flag_rate"],
            "%d of %d" % (tf, ta) if traps else "(no traps)"))


if __name__ == "__main__":
    main(sys.argv[1:])
