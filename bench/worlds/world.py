#!/usr/bin/env python3
"""World B: an independent synthetic freelance-marketplace generator (standard library only).

Written from the SPEC wording only (section 3 tables, section 7 abuse words), not from the project's own
generator.  Plants each abuse in several variant families and adds near-miss traps that a reviewer would
call fine.  See README.md next to this file.

    python3 bench/worlds/world.py --out DIR --freelancers N --seed S --as-of 2026-11-22
"""
import argparse
import bisect
import csv
import math
import os
import random
import sys
import time
from collections import Counter
from datetime import datetime, timezone

MIN, HOUR, DAY = 60, 3600, 86400
MONTH, YEAR = 30 * DAY, 365 * DAY

FREELANCER_COUNTRIES = [("US", 14), ("IN", 16), ("PH", 9), ("PK", 7), ("UA", 6), ("GB", 4), ("NG", 5),
                        ("BR", 4), ("EG", 4), ("BD", 5), ("DE", 2), ("RU", 3), ("KE", 3), ("VN", 2), ("ID", 2),
                        ("RS", 2), ("PL", 2), ("AR", 2), ("MX", 2), ("CA", 2), ("ES", 1), ("FR", 1), ("RO", 1),
                        ("LK", 1), ("NP", 1), ("MA", 1), ("TR", 1), ("ZA", 1), ("CO", 1), ("IT", 1)]
CLIENT_COUNTRIES = [("US", 40), ("GB", 9), ("CA", 6), ("AU", 6), ("DE", 5), ("FR", 3), ("NL", 3), ("IL", 2),
                    ("AE", 2), ("SG", 2), ("IN", 3), ("CH", 1), ("SE", 1), ("IE", 1), ("ES", 1), ("IT", 1),
                    ("NZ", 1), ("BE", 1), ("DK", 1), ("NO", 1), ("JP", 1), ("BR", 1), ("SA", 1), ("HK", 1)]
ALL_COUNTRIES = sorted({c for c, _ in FREELANCER_COUNTRIES} | {c for c, _ in CLIENT_COUNTRIES})
VPN_COUNTRIES = [("US", 4), ("NL", 3), ("DE", 3), ("SG", 2), ("GB", 2), ("CA", 1), ("SE", 1), ("CH", 1)]
# category: (dispute rate per contract, hourly share, price factor)
CATS = {"WEB_DEV": (0.030, 0.55, 1.4), "MOBILE_DEV": (0.035, 0.50, 1.6), "DESIGN": (0.025, 0.25, 0.9),
        "WRITING": (0.020, 0.20, 0.6), "TRANSLATION": (0.020, 0.10, 0.5), "DATA_SCIENCE": (0.025, 0.55, 1.5),
        "ADMIN_SUPPORT": (0.020, 0.75, 0.6), "MARKETING": (0.035, 0.45, 1.0), "VIDEO": (0.030, 0.20, 0.9),
        "ACCOUNTING": (0.020, 0.60, 1.1)}
CAT_NAMES = list(CATS)
END_REASONS = [("COMPLETED", 78), ("MUTUAL", 5), ("CLIENT_UNRESPONSIVE", 4), ("SCOPE_OR_BUDGET_CHANGED", 4),
               ("FREELANCER_UNRESPONSIVE", 2), ("QUALITY_ISSUES", 2.5), ("MISSED_DEADLINES", 2), ("OTHER", 2.5)]
ENDED_BY = {"COMPLETED": [("CLIENT", 85), ("FREELANCER", 15)], "MUTUAL": [("CLIENT", 50), ("FREELANCER", 50)],
            "CLIENT_UNRESPONSIVE": [("FREELANCER", 70), ("PLATFORM", 30)],
            "SCOPE_OR_BUDGET_CHANGED": [("CLIENT", 60), ("FREELANCER", 40)],
            "FREELANCER_UNRESPONSIVE": [("CLIENT", 70), ("PLATFORM", 30)], "QUALITY_ISSUES": [("CLIENT", 100)],
            "MISSED_DEADLINES": [("CLIENT", 100)], "OTHER": [("CLIENT", 50), ("FREELANCER", 30), ("PLATFORM", 20)]}
HONEST_OUTCOMES = [("FOR_CLIENT", 38), ("FOR_FREELANCER", 27), ("SPLIT", 20), ("WITHDRAWN", 15)]
PLACEHOLDER_FP = "pf_0000000000000000"

FAMILIES = {
    "SELF_DEALING": ["card_completed", "card_open", "device_completed", "device_open", "card_completed_multi",
                     "device_completed_multi", "card_once", "device_once"],
    "MULTI_ACCOUNT": ["device", "fingerprint_far_apart", "both", "device_partial", "device_far_apart",
                      "fingerprint"],
    "FEEDBACK_RING": ["dense", "sparse_mixed", "dense_mixed", "sparse"],
    "JSS_FARMING": ["established_quick", "young_quick", "established_open", "young_open", "established_slow",
                    "young_slow"],
    "DISPUTE_RATE": ["single_category", "mixed_category", "single_category_open", "mixed_category_open"],
    "EARNINGS_SPIKE": ["completed", "completed", "open_contract", "many_clients"],
    "LOCATION_MISMATCH": ["one_country_many", "one_country_few", "two_countries_many", "two_countries_few"],
    # Unusual on several counts at once, each below what a named detector looks for: a mixed kind.
    "UNUSUAL_PROFILE": ["devices_cards_countries", "new_clients_big_quick", "cards_countries_new_clients",
                        "all_moderate"],
}


def fmt(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t) // 60 * 60))


def money(a):
    return "%.2f" % a


def wchoice(rng, pairs):
    tot = sum(w for _, w in pairs)
    r = rng.random() * tot
    for v, w in pairs:
        r -= w
        if r < 0:
            return v
    return pairs[-1][0]


def logu(rng, a, b):
    return math.exp(rng.uniform(math.log(a), math.log(b)))


def clamp(x, a, b):
    return a if x < a else b if x > b else x


class Acct:
    __slots__ = ("id", "role", "created", "country", "pv", "dev", "dev2", "fp", "sig", "extra",
                 "cat", "cat2", "price", "rate")


class World:
    def __init__(self, out, n, seed, as_of):
        self.rng = random.Random(seed)
        self.n = n
        self.out = out
        d = datetime.strptime(as_of, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        self.asof_end = int(d.timestamp()) + DAY - 1          # 23:59:59
        self.T = self.asof_end - 59                            # 23:59:00, latest timestamp we ever write
        os.makedirs(out, exist_ok=True)
        self.files, self.w, self.rows = {}, {}, Counter()
        heads = {
            "contracts": ["contract_id", "freelancer_id", "client_id", "contract_type", "category", "started_at",
                          "ended_at", "ended_by", "end_reason"],
            "payments": ["payment_id", "contract_id", "paid_at", "amount_usd"],
            "activity": ["contract_id", "occurred_at", "actor", "kind"],
            "feedback": ["contract_id", "given_by", "submitted_at", "public_rating", "private_score"],
            "disputes": ["dispute_id", "contract_id", "opened_by", "opened_at", "closed_at", "outcome",
                         "amount_usd"],
        }
        for name, h in heads.items():
            self._open(name, h)
        self.accounts = []
        self.nf = self.nc = self.nk = self.np = self.nd = 0
        self.labels, self.traps = [], []
        self.planted, self.trapped = Counter(), Counter()

    def _open(self, name, header):
        f = open(os.path.join(self.out, name + ".csv"), "w", newline="")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        self.files[name], self.w[name] = f, w

    def write(self, name, row):
        self.w[name].writerow(row)
        self.rows[name] += 1

    # ------------------------------------------------------------------ accounts
    def hexid(self, prefix):
        return "%s%016x" % (prefix, self.rng.getrandbits(64))

    def new_account(self, role, created, country, pv=None):
        rng = self.rng
        a = Acct()
        if role == "FREELANCER":
            self.nf += 1
            a.id = "F%06d" % self.nf
        else:
            self.nc += 1
            a.id = "C%06d" % self.nc
        a.role, a.created, a.country = role, int(created), country
        if pv is None:
            r = rng.random()
            if role == "CLIENT":
                pv = "true" if r < 0.75 else "false" if r < 0.9 else ""
            else:
                pv = "true" if r < 0.45 else "false" if r < 0.5 else ""
        a.pv = pv
        a.dev = self.hexid("")
        a.dev2 = self.hexid("") if rng.random() < 0.10 else None
        a.fp = self.hexid("pf_")
        a.sig, a.extra = None, []
        a.cat = a.cat2 = None
        a.price = a.rate = 0.0
        self.accounts.append(a)
        return a

    def new_client(self, created, country=None, pv=None):
        return self.new_account("CLIENT", created, country or wchoice(self.rng, CLIENT_COUNTRIES), pv)

    def make_clients(self):
        rng, T = self.rng, self.T
        self.pool, cw, tot = [], [], 0.0
        for _ in range(int(self.n * 0.6)):
            w = min(200.0, rng.paretovariate(1.15))
            created = T - (rng.uniform(3, 5) * YEAR if w > 20 else rng.uniform(DAY, 5 * YEAR))
            c = self.new_client(created)
            self.pool.append(c)
            tot += w
            cw.append(tot)
        self.cw, self.cw_tot = cw, tot

    def make_freelancers(self):
        rng, T = self.rng, self.T
        self.fls = []
        for _ in range(self.n):
            created = T - max(DAY, 5 * YEAR * rng.random() ** 1.3)
            f = self.new_account("FREELANCER", created, wchoice(rng, FREELANCER_COUNTRIES))
            f.cat = rng.choice(CAT_NAMES)
            f.cat2 = rng.choice(CAT_NAMES)
            f.price = clamp(rng.lognormvariate(math.log(350), 1.0), 40, 15000)
            f.rate = 0.0 if rng.random() < 0.12 else rng.lognormvariate(math.log(2.0), 1.0)
            self.fls.append(f)

    def pick_client(self, prev, start, fresh=0.05):
        """A client created before `start`: a repeat client, a popular one, or a brand-new account."""
        rng = self.rng
        if prev and rng.random() < 0.3:
            return rng.choice(prev)
        if rng.random() >= fresh:
            for _ in range(6):
                c = self.pool[bisect.bisect(self.cw, rng.random() * self.cw_tot)]
                if c.created <= start - HOUR:
                    return c
        return self.new_client(start - rng.uniform(HOUR, 5 * DAY))

    # ------------------------------------------------------------------ contract core
    def schedule(self, ctype, start, span_end, total, milestones=None):
        rng = self.rng
        dur = max(span_end - start, HOUR)
        if ctype == "HOURLY":
            if dur < 7 * DAY:
                times = [start + dur]
            else:
                times = [start + 7 * DAY * k for k in range(1, int(dur // (7 * DAY)) + 1)]
                if start + dur - times[-1] > DAY:
                    times.append(start + dur)
        else:
            m = milestones or (1 if total < 300 else rng.choice([1, 1, 2, 2, 3]))
            times = [start + dur * (i + 1) / m for i in range(m)]
        ws = [rng.uniform(0.6, 1.4) for _ in times]
        s = sum(ws)
        return [(t, round(total * w / s, 2)) for t, w in zip(times, ws)]

    def add_contract(self, f, c, cat, ctype, start, end=None, ended_by=None, reason=None, amount=0.0,
                     planned_end=None, pay_frac=1.0, payments=None, c_fb=None, f_fb=None, fb_delay=None,
                     dispute=None):
        """Write one contract with its payments, activity, dispute and feedback.
        end=None means ongoing; c_fb=(rating|None, private|None); f_fb=rating; dispute=dict or None."""
        rng, T = self.rng, self.T
        start = int(start)
        assert start >= f.created and start >= c.created, (f.id, c.id, start, f.created, c.created)
        self.nk += 1
        kid = "K%07d" % self.nk
        if end is not None:
            end = int(min(max(end, start), T))
        self.write("contracts", [kid, f.id, c.id, ctype, cat, fmt(start), fmt(end) if end is not None else "",
                                 ended_by or "" if end is not None else "", reason or "" if end is not None else ""])
        span_end = end if end is not None else (planned_end or start + 30 * DAY)
        limit = end if end is not None else T
        if payments is None:
            payments = self.schedule(ctype, start, span_end, amount * pay_frac)
        paid, ptimes = 0.0, []
        for t, a in payments:
            if t > limit + MIN or t < start or a <= 0:
                continue
            t = min(t, limit)
            self.np += 1
            self.write("payments", ["P%08d" % self.np, kid, fmt(t), money(a)])
            paid += a
            ptimes.append(t)
        self.activity(kid, ctype, start, limit, ptimes)
        if dispute is not None:
            self.add_dispute(kid, start, end, paid, dispute)
        if end is not None and end < T - 2 * MIN:
            room = T - end
            for who, fb in (("CLIENT", c_fb), ("FREELANCER", f_fb)):
                if fb is None:
                    continue
                d = fb_delay() if fb_delay else rng.lognormvariate(math.log(DAY), 1.2)
                d = max(MIN, d)
                if d >= room:
                    d = rng.uniform(MIN, room - MIN)
                if who == "CLIENT":
                    r, p = fb
                    self.write("feedback", [kid, "CLIENT", fmt(end + d), "" if r is None else "%.1f" % r,
                                            "" if p is None else str(p)])
                else:
                    self.write("feedback", [kid, "FREELANCER", fmt(end + d), "%.1f" % fb, ""])
        return kid

    def activity(self, kid, ctype, start, limit, ptimes):
        rng = self.rng
        span = max(limit - start, MIN)
        rows = [(start + rng.uniform(0, min(span, 2 * HOUR)), "CLIENT", "MESSAGE"),
                (start + rng.uniform(0, min(span, 6 * HOUR)), "FREELANCER", "MESSAGE")]
        for t in ptimes:
            if ctype == "HOURLY":
                rows.append((max(start, t - rng.uniform(HOUR, 2 * DAY)), "FREELANCER", "TIME_LOG"))
            else:
                rows.append((max(start, t - rng.uniform(HOUR, 3 * DAY)), "FREELANCER", "MILESTONE_SUBMITTED"))
                rows.append((t, "CLIENT", "MILESTONE_APPROVED"))
        for _ in range(rng.randint(0, 3)):
            rows.append((start + rng.uniform(0, span), rng.choice(("CLIENT", "FREELANCER")), "MESSAGE"))
        if rng.random() < 0.4:
            rows.append((start + rng.uniform(0, span), rng.choice(("CLIENT", "FREELANCER", "FREELANCER")),
                         "FILE_SHARED"))
        rows.sort()
        for t, actor, kind in rows:
            self.write("activity", [kid, fmt(min(t, limit)), actor, kind])

    def add_dispute(self, kid, start, end, paid, d):
        """d: outcome (None = honest draw), opened (time), force_closed (keep a decided outcome)."""
        rng, T = self.rng, self.T
        limit = end if end is not None else T
        opened = d.get("opened")
        if opened is None:
            hi = min(T - HOUR, (end + 5 * DAY) if end is not None else T - HOUR)
            lo = start + 0.3 * (limit - start)
            opened = rng.uniform(lo, max(lo, hi))
        opened = clamp(opened, start, T - HOUR)
        outcome = d.get("outcome") or wchoice(rng, HONEST_OUTCOMES)
        closed = opened + rng.lognormvariate(math.log(10 * DAY), 0.7)
        if closed > T:
            if d.get("force_closed"):
                closed = rng.uniform(opened + MIN, T)
            else:
                outcome, closed = "OPEN", None
        if outcome == "OPEN":
            closed = None
        amt = round(paid * rng.uniform(0.2, 1.0), 2) if paid > 0 and rng.random() < 0.85 else None
        self.nd += 1
        self.write("disputes", ["D%07d" % self.nd, kid, d.get("opened_by") or wchoice(rng, [("CLIENT", 70), ("FREELANCER", 30)]),
                                fmt(opened), fmt(closed) if closed else "", outcome,
                                money(amt) if amt is not None else ""])
        if closed and amt and paid > 0:
            refund = None
            if outcome == "FOR_CLIENT" and rng.random() < 0.7:
                refund = min(amt, paid)
            elif outcome == "SPLIT" and rng.random() < 0.6:
                refund = min(amt, paid) / 2
            if refund and refund >= 0.01:
                self.np += 1
                self.write("payments", ["P%08d" % self.np, kid, fmt(closed), money(-round(refund, 2))])

    # ------------------------------------------------------------------ ratings / outcomes
    def good_rating(self):
        r = self.rng.random()
        if r < 0.58:
            return 5.0
        if r < 0.75:
            return self.rng.choice((4.9, 4.8, 4.7, 4.6))
        if r < 0.86:
            return 4.5
        if r < 0.94:
            return 4.0
        if r < 0.97:
            return self.rng.choice((3.5, 3.8))
        return 3.0

    def poor_rating(self):
        return self.rng.choice((1.0, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 3.5, 4.0, 2.3, 3.7))

    def private_of(self, r):
        if self.rng.random() < 0.12:
            return None
        return int(clamp(round(r * 2 + self.rng.gauss(0, 1)), 0, 10))

    def client_fb(self, good, p=0.82):
        rng = self.rng
        if rng.random() >= p:
            return None
        r = self.good_rating() if good else self.poor_rating()
        if rng.random() < 0.03:
            return (None, self.private_of(r) or 5)
        return (r, self.private_of(r))

    def ordinary_contract(self, f, c, start, cat=None, ctype=None, allow_dispute=True, dispute=None,
                          force_end=False, reason=None):
        rng, T = self.rng, self.T
        if cat is None:
            r = rng.random()
            cat = f.cat if r < 0.75 else f.cat2 if r < 0.95 else rng.choice(CAT_NAMES)
        drate, hshare, pfac = CATS[cat]
        if ctype is None:
            ctype = "HOURLY" if rng.random() < hshare else "FIXED"
        amount = clamp(f.price * pfac * rng.lognormvariate(0, 0.65), 20, 50000)
        if ctype == "HOURLY":
            dur = clamp(rng.lognormvariate(math.log(28 * DAY), 0.8), 3 * DAY, 280 * DAY)
        else:
            dur = clamp(rng.lognormvariate(math.log(8 * DAY), 1.0), 2 * HOUR, 120 * DAY)
        end = start + dur
        if force_end and end > T - DAY:
            end = start + (T - DAY - start) * rng.uniform(0.3, 0.9)
        if end > T:
            if dispute is None and allow_dispute and rng.random() < drate * 0.8:
                dispute = {}
            return self.add_contract(f, c, cat, ctype, start, None, amount=amount, planned_end=end,
                                     dispute=dispute)
        reason = reason or wchoice(rng, END_REASONS)
        good = reason in ("COMPLETED", "MUTUAL")
        pay_frac = 1.0 if reason == "COMPLETED" else rng.uniform(0.8, 1.0) if good else rng.uniform(0.1, 0.9)
        if dispute is None and allow_dispute and rng.random() < drate * (0.55 if reason == "COMPLETED" else 3.0):
            dispute = {}
        c_fb = self.client_fb(good, 0.82 if good else 0.55)
        f_fb = (self.good_rating() if good else self.poor_rating()) if rng.random() < 0.6 else None
        return self.add_contract(f, c, cat, ctype, start, end, wchoice(rng, ENDED_BY[reason]), reason, amount,
                                 pay_frac=pay_frac, c_fb=c_fb, f_fb=f_fb, dispute=dispute)

    def poisson(self, lam):
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(round(self.rng.gauss(lam, math.sqrt(lam)))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= L:
                return k
            k += 1

    def ordinary_history(self, f, t_to=None, scale=1.0, nmax=60):
        rng = self.rng
        t0 = f.created + rng.uniform(HOUR, 30 * DAY)
        t1 = (t_to or self.T) - HOUR
        if t1 <= t0:
            return
        n = min(nmax, self.poisson(f.rate * scale * (t1 - t0) / YEAR * rng.uniform(0.7, 1.3)))
        prev = []
        for s in sorted(rng.uniform(t0, t1) for _ in range(n)):
            c = self.pick_client(prev, s)
            self.ordinary_contract(f, c, s)
            if c not in prev:
                prev.append(c)

    def quick_job(self, f, c, start, lo, hi, dur_lo, dur_hi, rating=5.0, f_rating=5.0, cat=None,
                  open_=False, fb_fast=True):
        """A small quick top-rated contract (rings, farming, repeat clients)."""
        rng, T = self.rng, self.T
        cat = cat or f.cat
        ctype = "HOURLY" if rng.random() < 0.15 else "FIXED"
        amount = round(logu(rng, lo, hi), 2)
        dur = logu(rng, dur_lo, dur_hi)
        if open_:
            return self.add_contract(f, c, cat, ctype, start, None, amount=amount, planned_end=start + dur,
                                     payments=[])
        end = min(start + dur, T - 2 * HOUR)
        priv = 10 if rng.random() < 0.8 else 9
        delay = (lambda: logu(rng, 5 * MIN, 18 * HOUR)) if fb_fast else None
        return self.add_contract(f, c, cat, ctype, start, end, "CLIENT", "COMPLETED", amount,
                                 payments=[(end, amount)], c_fb=(rating, priv), f_fb=f_rating, fb_delay=delay)

    def paid_job(self, f, c, start, end, amount, cat=None, ctype="FIXED", payments=None):
        """A completed, fully paid ordinary-looking contract with good feedback."""
        rng = self.rng
        return self.add_contract(f, c, cat or f.cat, ctype, start, end, wchoice(rng, ENDED_BY["COMPLETED"]),
                                 "COMPLETED", amount, payments=payments or [(end, round(amount, 2))],
                                 c_fb=self.client_fb(True), f_fb=self.good_rating() if rng.random() < 0.6 else None)

    def hire_ordinary(self, c, k):
        """Give client c a few ordinary contracts with ordinary freelancers."""
        rng, T = self.rng, self.T
        for _ in range(k):
            f = rng.choice(self.ordinary)
            lo = max(f.created, c.created) + DAY
            if lo < T - 2 * DAY:
                self.ordinary_contract(f, c, rng.uniform(lo, T - DAY))

    # ------------------------------------------------------------------ signals
    def default_signals(self, a, n=None):
        rng, T = self.rng, self.T
        if n is None:
            n = (2 + int((T - a.created) / (200 * DAY)) + rng.randint(0, 2)) if a.role == "FREELANCER" \
                else rng.randint(2, 6)
            n = clamp(n, 3 if a.role == "FREELANCER" else 2, 12)
        times = [a.created + rng.uniform(0, 10 * MIN)] + [rng.uniform(a.created, T) for _ in range(n - 1)]
        rows = []
        for t in sorted(times):
            ip = a.country if rng.random() < 0.92 else wchoice(rng, VPN_COUNTRIES)
            if rng.random() < 0.02:
                ip = ""
            dev = a.dev2 if a.dev2 and rng.random() < 0.35 else a.dev
            if rng.random() < 0.02:
                dev = ""
            fp = a.fp if rng.random() < 0.9 else ""
            rows.append([t, ip, dev, fp])
        return rows

    # ------------------------------------------------------------------ abuse families
    def label(self, f, det, fam):
        self.labels.append((f.id, det, det + "/" + fam))
        self.planted[det + "/" + fam] += 1

    def trap(self, f, name):
        self.traps.append((f.id, name))
        self.trapped[name] += 1

    def plant_self_dealing(self, f, fam):
        rng, T = self.rng, self.T
        ident = "card" if fam.startswith("card") else "device"
        once = fam.endswith("_once")
        open_ = "_open" in fam or (once and rng.random() < 0.5)
        n = rng.randint(2, 5) if "_multi" in fam else 1
        # Old enough for the contracts' window below (first start at least 7 days after creation).
        f.created = min(f.created, T - rng.uniform(90, 900) * DAY, T - (45 + 25 * n) * DAY)
        self.ordinary_history(f)
        if open_:
            first = T - rng.uniform(20, 60) * DAY
        else:
            first = rng.uniform(max(f.created + 7 * DAY, T - 2 * YEAR), T - (30 + 25 * n) * DAY)
        c = self.new_client(first - rng.uniform(DAY, 30 * DAY),
                            f.country if rng.random() < 0.7 else None, "true" if rng.random() < 0.6 else "")
        if c.created < f.created and rng.random() < 0.5:
            c.created = int(max(f.created, first - 5 * DAY))
        t = first
        for i in range(n):
            amount = logu(rng, 150, 4000)
            ctype = "HOURLY" if rng.random() < 0.4 else "FIXED"
            if open_ and i == n - 1:
                t = max(t, T - 60 * DAY)
                self.add_contract(f, c, f.cat, ctype, t, None, amount=amount, planned_end=t + rng.uniform(40, 120) * DAY)
            else:
                end = min(t + rng.uniform(3, 25) * DAY, T - DAY)
                self.add_contract(f, c, f.cat, ctype, t, end, "CLIENT", "COMPLETED", amount,
                                  c_fb=(5.0, 10), f_fb=5.0)
                t = end + rng.uniform(1, 20) * DAY
        if once:
            rows = self.default_signals(c, rng.randint(5, 9))
            row = min(rows[1:], key=lambda r: abs(r[0] - first))
            if ident == "card":
                row[3] = f.fp
            else:
                row[2] = f.dev
            c.sig = rows
        elif ident == "card":
            c.fp = f.fp
        else:
            c.dev, c.dev2 = f.dev, None
        self.label(f, "SELF_DEALING", fam)

    def plant_multi_account(self, group, fam):
        rng, T = self.rng, self.T
        if "far_apart" in fam:
            t = T - rng.uniform(3.5, 5) * YEAR
            for f in group:
                f.created = int(t)
                t += rng.uniform(8, 18) * MONTH
                t = min(t, T - 60 * DAY)
        home = group[0].country
        shared_dev, shared_fp = self.hexid(""), self.hexid("pf_")
        for f in group:
            if rng.random() < 0.7:
                f.country = home
            if fam.startswith("device") or fam == "both":
                if fam == "device_partial":
                    f.dev2 = shared_dev
                else:
                    f.dev, f.dev2 = shared_dev, None
            if fam.startswith("fingerprint") or fam == "both":
                f.fp = shared_fp
            self.ordinary_history(f, scale=0.6)
            if fam == "device_partial":   # the shared device in 30-60% of rows, at least twice
                rows = self.default_signals(f, rng.randint(5, 10))
                for r in rows:
                    r[2] = shared_dev if rng.random() < 0.45 else f.dev
                rows[-1][2] = rows[-2][2] = shared_dev
                f.sig = rows
            self.label(f, "MULTI_ACCOUNT", fam)

    def plant_ring(self, fls, fam):
        rng, T = self.rng, self.T
        dense = fam.startswith("dense")
        mixed = fam.endswith("mixed")
        nC = rng.randint(2, 6) if dense else rng.randint(5, 8)
        W = rng.uniform(2, 8) * MONTH if dense else rng.uniform(4, 12) * MONTH
        w_end = T - rng.uniform(0, 20) * MONTH - 3 * DAY
        w_start = w_end - W
        core = (w_start + 0.4 * W, w_start + 0.6 * W)

        def window():
            if dense:
                return (w_start, w_end)
            return (rng.uniform(w_start, core[0]), rng.uniform(core[1], w_end))
        country = fls[0].country
        members_f = []
        for f in fls:
            s, e = window()
            f.created = int(min(f.created, s - rng.uniform(5, 300) * DAY))
            members_f.append((f, s, e))
        members_c = []
        for _ in range(nC):
            s, e = window()
            c = self.new_client(s - rng.uniform(DAY, 40 * DAY), country if rng.random() < 0.5 else None)
            members_c.append((c, s, e))
        for f, _, _ in members_f:
            if rng.random() < 0.6:
                self.ordinary_history(f, scale=0.5)
        rating = (lambda: wchoice(rng, [(5.0, 60), (4.9, 25), (4.8, 15)])) if mixed else (lambda: 5.0)
        pairs = Counter()
        count = Counter()

        def job(fi, ci):
            f, fs, fe = members_f[fi]
            c, cs, ce = members_c[ci]
            lo, hi = max(fs, cs), min(fe, ce)
            self.quick_job(f, c, rng.uniform(lo, hi), 20, 150, 2 * HOUR, 3 * DAY, rating(), 5.0)
            pairs[fi, ci] += 1
            count["f", fi] += 1
            count["c", ci] += 1
        if dense:
            k = math.ceil(5 / min(len(fls), nC))
            for fi in range(len(fls)):
                for ci in range(nC):
                    for _ in range(k + (1 if rng.random() < 0.3 else 0)):
                        job(fi, ci)
        else:
            for fi in range(len(fls)):
                for ci in range(nC):
                    if rng.random() < 0.5:
                        job(fi, ci)
            for side, size, other in (("f", len(fls), nC), ("c", nC, len(fls))):
                for i in range(size):
                    while count[side, i] < 5:
                        j = min(range(other), key=lambda j: (pairs[(i, j) if side == "f" else (j, i)], rng.random()))
                        job(*((i, j) if side == "f" else (j, i)))
        for f in fls:
            self.label(f, "FEEDBACK_RING", fam)

    def plant_jss(self, f, fam):
        rng, T = self.rng, self.T
        young = fam.startswith("young")
        slow = fam.endswith("slow")
        opened = fam.endswith("open")
        L = rng.uniform(30, 60) * DAY
        we = T - rng.uniform(0, 4) * DAY
        if young:
            f.created = int(T - rng.uniform(20, 75) * DAY)
            ws = max(we - L, f.created + rng.uniform(1, 5) * DAY)
            if rng.random() < 0.3:
                self.ordinary_history(f, t_to=ws, nmax=2)
        else:
            f.created = int(min(f.created, T - rng.uniform(0.5, 4) * YEAR))
            ws = we - L
            self.ordinary_history(f, t_to=ws)
        n = rng.randint(6, 20)
        n_open = int(round(n * rng.uniform(0.2, 0.4))) if opened else 0
        countries = rng.sample(ALL_COUNTRIES, min(n, len(ALL_COUNTRIES)))
        dur_hi = 7 * DAY if slow else 2 * DAY
        dur_lo = DAY if slow else HOUR
        starts = sorted(rng.uniform(ws, we - dur_hi * 0.5) for _ in range(n - n_open))
        starts += sorted(rng.uniform(T - 5 * DAY, T - 2 * HOUR) for _ in range(n_open))
        for i, s in enumerate(starts):
            c = self.new_client(s - logu(rng, HOUR, 4 * DAY), countries[i % len(countries)],
                                wchoice(rng, [("true", 40), ("false", 30), ("", 30)]))
            self.quick_job(f, c, s, 5, 80, dur_lo, dur_hi, 5.0, 5.0 if rng.random() < 0.7 else None,
                           open_=i >= n - n_open)
        self.label(f, "JSS_FARMING", fam)

    def plant_dispute_rate(self, f, fam):
        rng, T = self.rng, self.T
        single = fam.startswith("single")
        opened = fam.endswith("open")
        f.created = int(min(f.created, T - rng.uniform(1.5, 4) * YEAR))
        cat = f.cat
        nd = rng.randint(20, 40)
        n_main = int(round(nd / rng.uniform(0.3, 0.6)))
        n_other = 0 if single else int(round(n_main * rng.uniform(0.3, 0.7)))
        n_lost = int(round(nd * rng.uniform(0.25, 0.35)))
        outs = ["FOR_CLIENT"] * n_lost + [wchoice(rng, [("SPLIT", 40), ("WITHDRAWN", 30), ("FOR_FREELANCER", 30)])
                                          for _ in range(nd - n_lost)]
        rng.shuffle(outs)
        n_od = int(round(nd * rng.uniform(0.4, 0.6))) if opened else 0
        t0 = f.created + 10 * DAY
        prev = []
        plan = [("plain", rng.uniform(t0, T - 2 * DAY)) for _ in range(n_main - nd)]
        plan += [("other", rng.uniform(t0, T - 2 * DAY)) for _ in range(n_other)]
        plan += [("ended_d", rng.uniform(t0, T - 60 * DAY)) for _ in range(nd - n_od)]
        plan += [("open_d", rng.uniform(T - 120 * DAY, T - 10 * DAY)) for _ in range(n_od)]
        plan.sort(key=lambda p: p[1])
        for kind, s in plan:
            c = self.pick_client(prev, s)
            if c not in prev:
                prev.append(c)
            if kind == "plain":
                self.ordinary_contract(f, c, s, cat=cat, allow_dispute=False)
            elif kind == "other":
                self.ordinary_contract(f, c, s, cat=rng.choice([x for x in CAT_NAMES if x != cat]))
            else:
                out = outs.pop()
                d = {"outcome": out, "force_closed": out == "FOR_CLIENT" or rng.random() < 0.7}
                if kind == "ended_d":
                    reason = wchoice(rng, [("QUALITY_ISSUES", 30), ("MISSED_DEADLINES", 25), ("OTHER", 15),
                                           ("MUTUAL", 10), ("COMPLETED", 20)])
                    self.ordinary_contract(f, c, s, cat=cat, dispute=d, force_end=True, reason=reason)
                else:
                    d["opened"] = rng.uniform(s + DAY, T - 2 * DAY)
                    ctype = "HOURLY" if rng.random() < 0.5 else "FIXED"
                    self.add_contract(f, c, cat, ctype, s, None, amount=clamp(f.price * logu(rng, 0.5, 2), 20, 50000),
                                      planned_end=T + rng.uniform(10, 90) * DAY, dispute=d)
        self.label(f, "DISPUTE_RATE", fam)

    def monthly_history(self, f, months, base, sigma, active_p, clients):
        """Month windows counted back from the as-of date; window 0 is the last 30 days.
        Returns {window: earned}."""
        rng, T = self.rng, self.T
        earned = Counter()
        for m in months:
            if rng.random() >= active_p:
                continue
            total = base * rng.lognormvariate(0, sigma)
            k = rng.randint(1, 2)
            w_lo, w_hi = T - (m + 1) * MONTH, T - m * MONTH
            for _ in range(k):
                s = w_lo + rng.uniform(0, 20 * DAY)
                end = min(s + rng.uniform(1, 7) * DAY, w_hi - HOUR, T - HOUR)
                if s < f.created:
                    continue
                c = rng.choice(clients) if rng.random() < 0.7 else self.pick_client([], s)
                if c.created > s:
                    c = self.new_client(s - rng.uniform(HOUR, 20 * DAY))
                amt = round(total / k, 2)
                self.paid_job(f, c, s, end, amt)
                earned[m] += amt
        return earned

    def regular_clients(self, t, k):
        return [self.new_client(t - self.rng.uniform(10, 400) * DAY) for _ in range(k)]

    def plant_spike(self, f, fam):
        rng, T = self.rng, self.T
        n_months = rng.randint(8, 30)
        f.created = int(T - (n_months + 1) * MONTH - rng.uniform(1, 20) * DAY)
        base = logu(rng, 150, 900)
        clients = self.regular_clients(f.created, rng.randint(2, 4))
        earned = self.monthly_history(f, range(n_months, -1, -1), base, 0.2, 0.97, clients)
        med = sorted(earned[m] for m in range(1, n_months + 1))[n_months // 2]
        mult = rng.uniform(10, 40)
        spike = max(mult * med - earned[0], 5 * med)
        w0 = T - 29 * DAY
        if fam == "completed":
            k = rng.randint(1, 3)
            for part in self.split(spike, k):
                s = rng.uniform(w0 - 10 * DAY, T - 8 * DAY)
                end = rng.uniform(max(s, w0) + DAY, T - DAY)
                c = self.pick_client([], s, fresh=0.0)
                pays = [(end, round(part, 2))] if rng.random() < 0.6 else \
                    [(rng.uniform(max(s, w0), end), round(part / 2, 2)), (end, round(part / 2, 2))]
                self.paid_job(f, c, s, end, part, payments=pays)
        elif fam == "open_contract":
            s = rng.uniform(w0 - 5 * DAY, T - 15 * DAY)
            c = self.pick_client([], s, fresh=0.3)
            times = sorted(rng.uniform(max(s + DAY, w0), T - HOUR) for _ in range(rng.randint(2, 4)))
            parts = self.split(spike, len(times))
            ctype = "HOURLY" if rng.random() < 0.5 else "FIXED"
            self.add_contract(f, c, f.cat, ctype, s, None, amount=spike * 1.5, planned_end=T + 60 * DAY,
                              payments=[(t, round(p, 2)) for t, p in zip(times, parts)])
        else:  # many_clients
            k = rng.randint(4, 8)
            for part in self.split(spike, k):
                s = rng.uniform(w0 - 5 * DAY, T - 6 * DAY)
                c = self.pick_client([], s, fresh=0.2)
                if rng.random() < 0.7:
                    end = rng.uniform(max(s, w0) + HOUR, T - DAY)
                    self.paid_job(f, c, s, end, part)
                else:
                    self.add_contract(f, c, f.cat, "FIXED", s, None, amount=part * 2, planned_end=T + 30 * DAY,
                                      payments=[(rng.uniform(max(s, w0) + HOUR, T - HOUR), round(part, 2))])
        self.label(f, "EARNINGS_SPIKE", fam)

    def split(self, total, k):
        ws = [self.rng.uniform(0.5, 1.5) for _ in range(k)]
        s = sum(ws)
        return [total * w / s for w in ws]

    def foreign(self, home, k):
        out = []
        while len(out) < k:
            c = wchoice(self.rng, FREELANCER_COUNTRIES + VPN_COUNTRIES)
            if c != home and c not in out:
                out.append(c)
        return out

    def plant_location(self, f, fam):
        rng = self.rng
        many = fam.endswith("many")
        n = rng.randint(10, 25) if many else rng.randint(5, 8)
        f.created = int(min(f.created, self.T - rng.uniform(60, 900) * DAY))
        self.ordinary_history(f)
        rows = self.default_signals(f, n)
        k = max(n // 2 + 1, int(math.ceil(n * rng.uniform(0.6, 1.0))))
        ctry = self.foreign(f.country, 2 if fam.startswith("two") else 1)
        k1 = k if len(ctry) == 1 else max(1, int(round(k * rng.uniform(0.5, 0.75))))
        idx = rng.sample(range(n), k)
        for j, i in enumerate(idx):
            rows[i][1] = ctry[0] if j < k1 else ctry[1]
        for i in set(range(n)) - set(idx):
            rows[i][1] = f.country
        f.sig = rows
        self.label(f, "LOCATION_MISMATCH", fam)

    def plant_unusual(self, f, fam):
        """Several counts raised together, none far enough for a named detector: own devices and payout
        cards (shared with nobody), sign-ins from a few countries with home still the majority, and work
        mostly from client accounts created days before hiring, larger than farming or ring jobs."""
        rng, T = self.rng, self.T
        f.created = int(min(f.created, T - rng.uniform(1.5, 4) * YEAR))
        k0 = self.nk
        self.ordinary_history(f, nmax=rng.randint(4, 10))
        while self.nk - k0 < 5:   # a working history of at least five contracts
            st = rng.uniform(max(f.created + DAY, T - 700 * DAY), T - 20 * DAY)
            self.paid_job(f, self.pick_client([], st, fresh=0.0), st, st + logu(rng, DAY, 15 * DAY),
                          round(logu(rng, 100, 1500), 2))
        ordinary = self.nk - k0
        many_ids = fam in ("devices_cards_countries", "all_moderate")
        cards = fam != "new_clients_big_quick"
        new_clients = fam != "devices_cards_countries"
        if new_clients:
            share = rng.uniform(0.6, 0.8) if fam == "new_clients_big_quick" else rng.uniform(0.4, 0.6)
            k = max(4, int(math.ceil(ordinary * share / (1 - share))))
            for _ in range(k):
                s = rng.uniform(T - 400 * DAY, T - 3 * DAY)
                c = self.new_client(s - logu(rng, HOUR, 5 * DAY))
                dur = logu(rng, 6 * HOUR, 2 * DAY)
                amount = round(logu(rng, 800, 5000), 2)
                self.paid_job(f, c, s, min(s + dur, T - 2 * HOUR), amount)
        n = rng.randint(10, 18)
        rows = self.default_signals(f, n)
        devs = [self.hexid("") for _ in range(rng.randint(5, 10) if fam == "devices_cards_countries"
                                                  else rng.randint(3, 5))] if many_ids else [f.dev]
        fps = [self.hexid("pf_") for _ in range(rng.randint(2, 5))] if cards else [f.fp]
        abroad = self.foreign(f.country, rng.randint(2, 5))
        n_abroad = min(n // 2 - 1, max(len(abroad), int(n * rng.uniform(0.25, 0.45))))
        for i, r in enumerate(rows):
            r[1] = abroad[i % len(abroad)] if i < n_abroad else f.country
            r[2] = devs[i % len(devs)]
            r[3] = fps[i % len(fps)]
        f.sig = rows
        self.label(f, "UNUSUAL_PROFILE", fam)

    # ------------------------------------------------------------------ traps
    def trap_agency(self, fls, kind):
        """A busy office: freelancers and client accounts of one agency, one office IP country, and 30+
        accounts on one office device hash or one payment processor's placeholder fingerprint."""
        rng, T = self.rng, self.T
        country = rng.choice(["IN", "PH", "UA", "PK", "US", "BD"])
        office = self.hexid("")
        members = []
        for f in fls:
            f.country = country
            f.created = int(min(f.created, T - rng.uniform(60, 1500) * DAY))
            self.ordinary_history(f)
            members.append(f)
            self.trap(f, "agency_" + kind)
        nclients = max(30 - len(fls), 0) + rng.randint(14, 22)
        for _ in range(nclients):
            c = self.new_client(T - rng.uniform(30, 1500) * DAY, country)
            self.hire_ordinary(c, rng.randint(1, 6))
            members.append(c)
        for a in members:
            rows = self.default_signals(a, rng.randint(4, 10))
            for r in rows:
                if rng.random() < 0.95:
                    r[1] = country
                if kind == "office_device" and rng.random() < 0.8:
                    r[2] = office
                if kind == "placeholder_fp" and rng.random() < 0.7:
                    r[3] = PLACEHOLDER_FP
            if kind == "office_device":
                rows[0][2] = office
            else:
                rows[0][3] = PLACEHOLDER_FP
            a.sig = rows

    def trap_travel(self, f):
        rng, T = self.rng, self.T
        f.created = int(min(f.created, T - rng.uniform(120, 1500) * DAY))
        self.ordinary_history(f)
        n = rng.randint(8, 14)
        k = max(2, int(round(n * rng.uniform(0.2, 0.4))))
        t0 = rng.uniform(f.created + 30 * DAY, T - 31 * DAY)
        abroad = self.foreign(f.country, 1)[0]
        rows = self.default_signals(f, n - k)
        for r in rows:
            r[1] = f.country
            if t0 <= r[0] <= t0 + 30 * DAY:
                r[0] = t0 - rng.uniform(1, 20) * DAY
        for _ in range(k):
            rows.append([t0 + rng.uniform(0, 30 * DAY), abroad, f.dev, f.fp if rng.random() < 0.9 else ""])
        f.sig = rows
        self.trap(f, "travel")

    def trap_lost_dispute(self, f):
        rng, T = self.rng, self.T
        f.created = int(min(f.created, T - rng.uniform(120, 1200) * DAY))
        n = rng.randint(2, 5)
        starts = sorted(rng.uniform(f.created + DAY, T - 60 * DAY) for _ in range(n))
        lost = rng.randrange(n)
        prev = []
        for i, s in enumerate(starts):
            c = self.pick_client(prev, s)
            prev.append(c)
            if i == lost:
                self.ordinary_contract(f, c, s, allow_dispute=False, force_end=True,
                                       dispute={"outcome": "FOR_CLIENT", "force_closed": True},
                                       reason=rng.choice(["QUALITY_ISSUES", "MISSED_DEADLINES", "OTHER"]))
            else:
                self.ordinary_contract(f, c, s, allow_dispute=False)
        self.trap(f, "one_lost_dispute")

    def trap_big_client(self, f):
        rng, T = self.rng, self.T
        n_months = rng.randint(8, 30)
        f.created = int(T - (n_months + 1) * MONTH - rng.uniform(1, 20) * DAY)
        base = logu(rng, 200, 1500)
        clients = self.regular_clients(f.created, rng.randint(3, 6))
        earned = self.monthly_history(f, range(n_months, 0, -1), base, 0.7, 0.85, clients)
        med = sorted(earned[m] for m in range(1, n_months + 1))[n_months // 2] or base
        amount = rng.uniform(2, 4) * med
        s = T - rng.uniform(25, 40) * DAY
        c = self.pick_client([], s, fresh=0.0)
        if rng.random() < 0.5:
            end = T - rng.uniform(1, 10) * DAY
            self.paid_job(f, c, s, end, amount, payments=[(rng.uniform(max(s, T - 28 * DAY), end), round(amount / 2, 2)),
                                                          (end, round(amount / 2, 2))])
        else:
            times = sorted(rng.uniform(max(s, T - 28 * DAY), T - HOUR) for _ in range(3))
            self.add_contract(f, c, f.cat, "HOURLY", s, None, amount=amount * 3, planned_end=T + 90 * DAY,
                              payments=[(t, round(p, 2)) for t, p in zip(times, self.split(amount, 3))])
        self.trap(f, "big_client_landing")

    def trap_seasonal(self, f):
        rng, T = self.rng, self.T
        years = rng.randint(3, 4)
        f.created = int(T - years * YEAR - rng.uniform(20, 200) * DAY)
        base = logu(rng, 150, 900)
        clients = self.regular_clients(f.created, rng.randint(2, 4))
        n_months = int((T - f.created) / MONTH) - 1
        self.monthly_history(f, range(n_months, -1, -1), base, 0.3, 0.95, clients)
        seasonal = self.regular_clients(f.created + 10 * DAY, rng.randint(2, 3))
        for y in range(years, -1, -1):
            lo, hi = T - y * YEAR - 30 * DAY, T - y * YEAR
            if lo < f.created:
                continue
            extra = (rng.uniform(5, 10) - 1) * base
            for c, part in zip(seasonal, self.split(extra, len(seasonal))):
                s = rng.uniform(lo - 5 * DAY, hi - 8 * DAY)
                s = max(s, f.created + HOUR, c.created + HOUR)
                end = rng.uniform(max(s, lo) + DAY, hi - HOUR)
                self.paid_job(f, c, s, end, part, cat=f.cat)
        self.trap(f, "seasonal_month")

    def trap_repeat_client(self, f):
        rng, T = self.rng, self.T
        f.created = int(min(f.created, T - rng.uniform(2.5, 4.5) * YEAR))
        self.ordinary_history(f)
        c = self.new_client(f.created - rng.uniform(30, 300) * DAY, None, "true")
        self.hire_ordinary(c, rng.randint(3, 8))
        n = rng.randint(20, 50)
        for s in sorted(rng.uniform(f.created + 30 * DAY, T - 3 * DAY) for _ in range(n)):
            r = 5.0 if rng.random() < 0.9 else rng.choice((4.9, 4.8))
            self.quick_job(f, c, s, 20, 150, 2 * HOUR, 2 * DAY, r, 5.0 if rng.random() < 0.5 else None,
                           fb_fast=False)
        self.trap(f, "repeat_client")

    # ------------------------------------------------------------------ orchestration
    def run(self):
        rng = self.rng
        self.make_clients()
        self.make_freelancers()
        order = list(self.fls)
        rng.shuffle(order)
        pos = [0]

        def take(k):
            got = order[pos[0]:pos[0] + k]
            pos[0] += k
            if len(got) < k:
                raise SystemExit("too few freelancers for the planted families; use --freelancers >= 500")
            return got
        target = max(8, int(round(self.n * 0.004)))
        tasks = []
        for det in ("SELF_DEALING", "JSS_FARMING", "DISPUTE_RATE", "EARNINGS_SPIKE", "LOCATION_MISMATCH",
                    "UNUSUAL_PROFILE"):
            fams = FAMILIES[det]
            for i in range(target):
                fam = fams[i % len(fams)] if i < len(fams) else rng.choice(fams)
                tasks.append((det, take(1), fam))
        got = 0
        while got < target:
            k = wchoice(rng, [(2, 45), (3, 25), (4, 18), (5, 12)])
            fam = FAMILIES["MULTI_ACCOUNT"][len([t for t in tasks if t[0] == "MULTI_ACCOUNT"]) % 6]
            tasks.append(("MULTI_ACCOUNT", take(k), fam))
            got += k
        got, i = 0, 0
        while got < target:
            fam = FAMILIES["FEEDBACK_RING"][i % 4]
            k = rng.randint(2, 6) if fam.startswith("dense") else rng.randint(5, 8)
            tasks.append(("FEEDBACK_RING", take(k), fam))
            got, i = got + k, i + 1
        per_trap = max(4, int(round(self.n * 0.0015)))
        tasks.append(("TRAP", take(rng.randint(8, 14)), "office_device"))
        tasks.append(("TRAP", take(rng.randint(6, 10)), "placeholder_fp"))
        for name in ("travel", "one_lost_dispute", "big_client_landing", "seasonal_month", "repeat_client"):
            for _ in range(per_trap):
                tasks.append(("TRAP", take(1), name))
        self.ordinary = order[pos[0]:]
        for det, fl, fam in tasks:
            if det == "SELF_DEALING":
                self.plant_self_dealing(fl[0], fam)
            elif det == "MULTI_ACCOUNT":
                self.plant_multi_account(fl, fam)
            elif det == "FEEDBACK_RING":
                self.plant_ring(fl, fam)
            elif det == "JSS_FARMING":
                self.plant_jss(fl[0], fam)
            elif det == "DISPUTE_RATE":
                self.plant_dispute_rate(fl[0], fam)
            elif det == "EARNINGS_SPIKE":
                self.plant_spike(fl[0], fam)
            elif det == "LOCATION_MISMATCH":
                self.plant_location(fl[0], fam)
            elif det == "UNUSUAL_PROFILE":
                self.plant_unusual(fl[0], fam)
            elif fam in ("office_device", "placeholder_fp"):
                self.trap_agency(fl, fam)
            else:
                getattr(self, {"travel": "trap_travel", "one_lost_dispute": "trap_lost_dispute",
                               "big_client_landing": "trap_big_client", "seasonal_month": "trap_seasonal",
                               "repeat_client": "trap_repeat_client"}[fam])(fl[0])
        for f in self.ordinary:
            self.ordinary_history(f)
        self.write_accounts_and_signals()
        self.finish()

    def write_accounts_and_signals(self):
        self._open("accounts", ["account_id", "role", "created_at", "country", "payment_verified"])
        self._open("account_signals", ["account_id", "observed_at", "ip_country", "device_hash",
                                       "payment_fingerprint"])
        accts = sorted(self.accounts, key=lambda a: (a.role != "FREELANCER", a.id))
        for a in accts:
            self.write("accounts", [a.id, a.role, fmt(a.created), a.country, a.pv])
            if a.sig is not None:
                rows = a.sig
            else:   # ordinary account: travel/VPN stays a minority of its sign-ins
                rows = self.default_signals(a)
                if 2 * sum(1 for r in rows if r[1] and r[1] != a.country) >= len(rows):
                    for r in rows:
                        r[1] = a.country if r[1] else r[1]
            rows = sorted(rows + a.extra, key=lambda r: r[0])
            for t, ip, dev, fp in rows:
                self.write("account_signals", [a.id, fmt(clamp(t, a.created, self.T)), ip, dev, fp])
        self._open("review_decisions", ["account_id", "detector", "decided_at", "decision"])
        self._open("labels", ["account_id", "detector", "family"])
        for row in self.labels:
            self.write("labels", row)
        self._open("traps", ["account_id", "trap"])
        for row in self.traps:
            self.write("traps", row)

    def finish(self):
        for f in self.files.values():
            f.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--freelancers", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--as-of", default="2026-11-22")
    a = ap.parse_args(argv)
    if a.freelancers < 500:
        ap.error("--freelancers must be at least 500")
    t0 = time.time()
    w = World(a.out, a.freelancers, a.seed, a.as_of)
    w.run()
    names = ["accounts", "contracts", "payments", "activity", "feedback", "disputes", "account_signals",
             "review_decisions", "labels", "traps"]
    print("world: %s rows [%s] planted [%s] traps [%s] in %.1fs" % (
        a.out, " ".join("%s=%d" % (n, w.rows[n]) for n in names),
        " ".join("%s=%d" % kv for kv in sorted(w.planted.items())),
        " ".join("%s=%d" % kv for kv in sorted(w.trapped.items())), time.time() - t0))


if __name__ == "__main__":
    main()
