package org.jss.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-entity simulation behind {@link MarketplaceGenerator}: given one freelancer index (or one
 * client index) it emits every row of every input table that entity owns. It is a pure function of
 * (seed, index, plan), so Spark can run it in parallel over {@code spark.range} and the output is the
 * same whatever the partitioning.
 *
 * <p>A freelancer owns its account, its signals, its contracts with everything on them (payments,
 * activity, feedback both ways, disputes), its review decisions, and the extra client accounts a planted
 * case needs. An ordinary client owns its account and signals; freelancers pick ordinary clients by a
 * skewed popularity and recompute the client's creation date from the same pure function.
 */
final class MarketSim implements Serializable {
  static final int ACCOUNTS = 0;
  static final int CONTRACTS = 1;
  static final int PAYMENTS = 2;
  static final int ACTIVITY = 3;
  static final int FEEDBACK = 4;
  static final int DISPUTES = 5;
  static final int SIGNALS = 6;
  static final int REVIEWS = 7;

  /** Receives the rows of one table at a time (the generator keeps one table per pass). */
  interface Out {
    void add(int table, String... values);
  }

  static final long MINUTE = 60;
  static final long HOUR = 3600;
  static final long DAY = 86400;

  static final String[] COUNTRIES = {
    "US", "IN", "PH", "UA", "PK", "GB", "CA", "DE", "BR", "NG", "BD", "EG", "KE", "PL", "AR"
  };
  private static final double[] FREELANCER_COUNTRY_W =
      Ids.cumulative(14, 17, 11, 8, 8, 5, 4, 3, 5, 5, 5, 3, 4, 4, 4);
  private static final double[] CLIENT_COUNTRY_W =
      Ids.cumulative(42, 6, 2, 2, 1, 11, 8, 8, 3, 1, 1, 1, 1, 5, 2);

  static final String[] CATEGORIES = {
    "WEB_DEVELOPMENT",
    "MOBILE_DEVELOPMENT",
    "DESIGN",
    "WRITING",
    "TRANSLATION",
    "DATA_SCIENCE",
    "ADMIN_SUPPORT",
    "SALES_MARKETING"
  };
  private static final double[] CATEGORY_W = Ids.cumulative(22, 10, 15, 14, 6, 9, 14, 10);

  // Purposes: which independent stream of an entity a value comes from.
  private static final long P_PROFILE = 1;
  private static final long P_CREATED = 2;
  private static final long P_CONTRACTS = 3;
  private static final long P_SIGNALS = 4;
  private static final long P_PLANT = 5;
  private static final long P_REVIEW = 6;
  private static final long P_DEVICE = 11;
  private static final long P_FINGERPRINT = 12;

  private final long seed;
  private final long clients;
  /** Every timestamp is strictly before this instant: the day after the end date, 00:00 UTC. */
  private final long endExcl;

  private final PlantPlan plan;

  MarketSim(long seed, long freelancers, long endExclusiveEpochSecond, PlantPlan plan) {
    this.seed = seed;
    this.clients = clientCount(freelancers);
    this.endExcl = endExclusiveEpochSecond;
    this.plan = plan;
  }

  /** About one client per 2.5 freelancers; repeat hiring makes up the rest. */
  static long clientCount(long freelancers) {
    return Math.max(2, Math.round(freelancers * 0.4));
  }

  long clients() {
    return clients;
  }

  String freelancerId(long i) {
    return Ids.accountId(seed, Ids.FREELANCER, i);
  }

  // ---------------------------------------------------------------- clients

  private long clientNumber(long c) {
    return Ids.accountNumber(Ids.CLIENT, c);
  }

  /** Creation time of ordinary client c: a pure function, recomputed by every freelancer who hires it. */
  long clientCreated(long c) {
    SplittableRandom r = Ids.rng(seed, clientNumber(c), P_CREATED);
    return minute(endExcl - 7 * DAY - (long) (r.nextDouble() * 1250 * DAY));
  }

  /** Whether ordinary client c is a bad actor, one whom freelancers rate poorly. */
  boolean badActorClient(long c) {
    return Ids.rng(seed, clientNumber(c), P_PROFILE).nextDouble() < 0.025;
  }

  /** Emits ordinary client c: its account and signals. */
  void client(long c, Out out) {
    long num = clientNumber(c);
    SplittableRandom r = Ids.rng(seed, num, P_SIGNALS);
    String country = Ids.pick(r, COUNTRIES, CLIENT_COUNTRY_W);
    boolean verified = r.nextDouble() < 0.85;
    String id = Ids.accountId(seed, Ids.CLIENT, c);
    long created = clientCreated(c);
    account(out, id, "CLIENT", created, country, r.nextDouble() < 0.03 ? null : verified);
    signals(out, r, id, num, country, created, 1 + r.nextInt(4), verified, null, 0, null, 0, null);
  }

  // ------------------------------------------------------------ freelancers

  /** Mutable state of one freelancer's simulation. */
  private final class F {
    final long i;
    final long num;
    final String id;
    final SplittableRandom r;
    String country;
    String category;
    long created;
    double rateFactor;
    double badRate;
    int nextContract;
    final List<Long> pastClients = new ArrayList<>();
    long earnedCents;

    F(long i) {
      this.i = i;
      this.num = Ids.accountNumber(Ids.FREELANCER, i);
      this.id = Ids.accountId(seed, Ids.FREELANCER, i);
      this.r = Ids.rng(seed, num, P_CONTRACTS);
    }
  }

  /** Emits freelancer i with everything it owns. */
  void freelancer(long i, Out out) {
    F f = new F(i);
    SplittableRandom p = Ids.rng(seed, f.num, P_PROFILE);
    f.country = Ids.pick(p, COUNTRIES, FREELANCER_COUNTRY_W);
    f.category = Ids.pick(p, CATEGORIES, CATEGORY_W);
    f.created = minute(endExcl - 20 * DAY - (long) (p.nextDouble() * 1110 * DAY));
    f.rateFactor = Ids.lognormal(p, 1.0, 0.6);
    f.badRate = Math.min(0.5, Math.max(0.01, Ids.lognormal(p, 0.06, 0.8)));
    double perYear = Math.min(40, Ids.lognormal(p, 3.0, 0.9));

    Planted single = plan.singles().get(i);
    PlantPlan.Group group = plan.groupOf(i);
    Planted kind = single != null ? single : group != null ? group.kind() : null;
    SplittableRandom blockR = Ids.rng(seed, i / PlantPlan.BLOCK, P_PLANT);
    if (kind != null && kind != Planted.LOCATION_MISMATCH) {
      // Planted accounts have a working history too: old enough and with some ordinary contracts.
      f.created = Math.min(f.created, minute(endExcl - (420 + p.nextInt(500)) * DAY));
      perYear = Math.max(perYear, 2.5);
    }
    if (kind == Planted.MULTI_ACCOUNT) {
      f.country = Ids.pick(blockR, COUNTRIES, FREELANCER_COUNTRY_W); // one person, one country
    }
    if (kind == Planted.EARNINGS_SPIKE) {
      f.rateFactor = Math.min(f.rateFactor, 0.6);
    }

    account(out, f.id, "FREELANCER", f.created, f.country, null);

    double years = (endExcl - f.created) / (365.0 * DAY);
    int n = (int) Math.min(300, Math.round(perYear * years * (0.5 + p.nextDouble())));
    if (kind == Planted.DISPUTE_RATE) {
      n = 15 + p.nextInt(11);
    } else if (kind == Planted.UNUSUAL_PROFILE) {
      n = 6 + p.nextInt(5); // a modest ordinary history beside the unusual part (some draws start none)
    } else if (kind != null) {
      n = Math.max(n, 3);
    }
    long lastOrdinaryStart = kind == Planted.EARNINGS_SPIKE ? endExcl - 70 * DAY : endExcl - 2 * HOUR;
    long[] starts = new long[n];
    for (int j = 0; j < n; j++) {
      long lo = f.created + 2 * DAY;
      starts[j] = minute(lo + (long) (f.r.nextDouble() * (lastOrdinaryStart - lo)));
    }
    Arrays.sort(starts);
    for (long s : starts) {
      ordinaryContract(f, s, out, kind == Planted.DISPUTE_RATE && f.r.nextDouble() < 0.55,
          kind == Planted.EARNINGS_SPIKE);
    }

    SplittableRandom pr = Ids.rng(seed, f.num, P_PLANT);
    String sharedDevice = null;
    int sharedDeviceRows = 0;
    String fingerprint = Ids.token(seed, f.num, P_FINGERPRINT, 0);
    int foreignRows = 0;
    String foreign = otherCountry(pr, f.country);
    int signalRows = 2 + pr.nextInt(5);
    if (kind == Planted.SELF_DEALING) {
      selfDealing(f, pr, fingerprint, out);
      sharedDevice = Ids.token(seed, f.num, P_DEVICE, 0);
      sharedDeviceRows = 1;
    } else if (kind == Planted.JSS_FARMING) {
      farming(f, pr, out);
    } else if (kind == Planted.EARNINGS_SPIKE) {
      spike(f, pr, out);
    } else if (kind == Planted.FEEDBACK_RING) {
      ring(f, blockR, out);
    } else if (kind == Planted.MULTI_ACCOUNT) {
      // Every member, the first included, shows the shared device or payout fingerprint.
      long first = Ids.accountNumber(Ids.FREELANCER, i - i % PlantPlan.BLOCK);
      if (group.shareDevice()) {
        sharedDevice = Ids.token(seed, first, P_DEVICE, 0);
        sharedDeviceRows = 1 + pr.nextInt(2);
      } else {
        fingerprint = Ids.token(seed, first, P_FINGERPRINT, 0); // one payout account for all
      }
    } else if (kind == Planted.LOCATION_MISMATCH) {
      signalRows = 6 + pr.nextInt(5);
      foreignRows = signalRows - 1 - (signalRows >= 8 ? pr.nextInt(2) : 0);
    } else if (kind == Planted.UNUSUAL_PROFILE) {
      String family = PlantPlan.unusualFamily(seed, i);
      if (family.contains("new_clients") || family.equals("all")) {
        newClientWork(f, pr, n, out);
      }
      unusualSignals(f, pr, !family.startsWith("countries"), out);
      review(f, kind, out);
      return;
    }
    if (kind == null && signalRows >= 5 && pr.nextDouble() < 0.4) {
      foreignRows = 1; // travel or a VPN: never the majority for an ordinary account
    }
    signals(out, pr, f.id, f.num, f.country, f.created, signalRows, true, sharedDevice,
        sharedDeviceRows, foreign, foreignRows, fingerprint);

    review(f, kind, out);
  }

  private void review(F f, Planted kind, Out out) {
    SplittableRandom r = Ids.rng(seed, f.num, P_REVIEW);
    double u = r.nextDouble();
    long at = minute(Math.max(f.created + DAY, endExcl - (3 + r.nextInt(60)) * DAY - r.nextInt(86400)));
    if (kind != null && u < 0.12) {
      out.add(REVIEWS, f.id, kind.name(), Ids.ts(at), r.nextDouble() < 0.7 ? "WARNED" : "SUSPENDED");
    } else if (kind == null && u < 0.008) {
      // An earlier false alarm that a reviewer cleared.
      Planted d = Planted.values()[r.nextInt(Planted.values().length)];
      out.add(REVIEWS, f.id, d.name(), Ids.ts(at), r.nextDouble() < 0.85 ? "CLEARED" : "WARNED");
    }
  }

  // ---------------------------------------------------------- ordinary work

  private static final String[] REASONS_CLIENT_SIDE = {"CLIENT_UNRESPONSIVE", "SCOPE_OR_BUDGET_CHANGED"};
  private static final String[] REASONS_FREELANCER_SIDE = {
    "FREELANCER_UNRESPONSIVE", "QUALITY_ISSUES", "MISSED_DEADLINES"
  };

  /** Picks an ordinary client created before {@code start}: repeat clients first, else by popularity. */
  private long pickClient(F f, long start) {
    SplittableRandom r = f.r;
    if (!f.pastClients.isEmpty() && r.nextDouble() < 0.3) {
      long c = f.pastClients.get(r.nextInt(f.pastClients.size()));
      if (clientCreated(c) < start) {
        return c;
      }
    }
    long c = -1;
    for (int t = 0; t < 6; t++) {
      // Skewed popularity: a few clients hire often, most hire a few times.
      c = Math.min(clients - 1, (long) (clients * Math.pow(r.nextDouble(), 1.5)));
      if (clientCreated(c) < start) {
        return c;
      }
    }
    return -1 - c; // none old enough: the caller moves the start after this client's creation
  }

  private void ordinaryContract(F f, long startIn, Out out, boolean lostDispute, boolean noLongTerm) {
    SplittableRandom r = f.r;
    long start = startIn;
    long c = pickClient(f, start);
    if (c < 0) {
      c = -1 - c;
      start = minute(clientCreated(c) + (1 + r.nextInt(10)) * DAY);
      if (start >= endExcl - 2 * HOUR) {
        return;
      }
    }
    f.pastClients.add(c);
    String clientId = Ids.accountId(seed, Ids.CLIENT, c);
    boolean badClient = badActorClient(c);
    long cn = Ids.contractNumber(f.i, f.nextContract++);
    String cid = Ids.contractId(seed, cn);
    boolean hourly = r.nextDouble() < 0.45;
    String category = r.nextDouble() < 0.8 ? f.category : Ids.pick(r, CATEGORIES, CATEGORY_W);
    boolean longTerm = !noLongTerm && r.nextDouble() < 0.12;
    double durDays =
        longTerm
            ? 90 + r.nextDouble() * 600
            : Math.min(noLongTerm ? 30 : 89, Math.max(0.5, Ids.lognormal(r, hourly ? 21 : 10, 0.9)));
    long end = minute(start + (long) (durDays * DAY));
    boolean ongoing = end >= endExcl;

    // The ending: reason, who ended, whether anything was earned, and the client's feedback.
    String reason = null;
    String endedBy = null;
    boolean earned = true;
    boolean bad = r.nextDouble() < f.badRate;
    double u = r.nextDouble();
    if (!ongoing) {
      if (bad && u < 0.6) {
        reason = REASONS_FREELANCER_SIDE[r.nextInt(3)];
        endedBy = r.nextDouble() < 0.85 ? "CLIENT" : "PLATFORM";
        earned = r.nextDouble() > 0.35;
      } else if (!bad && u < 0.09) {
        reason = REASONS_CLIENT_SIDE[r.nextInt(2)];
        endedBy = r.nextDouble() < 0.6 ? "CLIENT" : r.nextDouble() < 0.8 ? "FREELANCER" : "PLATFORM";
        earned = r.nextDouble() > 0.6;
      } else if (!bad && u < 0.13) {
        reason = "MUTUAL";
        endedBy = r.nextBoolean() ? "CLIENT" : "FREELANCER";
        earned = r.nextDouble() > 0.1;
      } else if (!bad && u < 0.16) {
        reason = "OTHER";
        endedBy = r.nextDouble() < 0.7 ? "CLIENT" : "FREELANCER";
        earned = r.nextDouble() > 0.3;
      } else {
        reason = "COMPLETED";
        endedBy = r.nextDouble() < 0.75 ? "CLIENT" : "FREELANCER";
        earned = r.nextDouble() > 0.02;
      }
    }
    // Some ongoing contracts have gone quiet: no work or payment for 30-120 days.
    long stallAt = Long.MAX_VALUE;
    boolean clientSilent = false;
    if (ongoing && start < endExcl - 30 * DAY && r.nextDouble() < 0.3) {
      stallAt = Math.max(start + HOUR, minute(endExcl - (30 + r.nextInt(91)) * DAY));
      clientSilent = r.nextDouble() < 0.5;
    }
    long workEnd = Math.min(Math.min(end, stallAt), endExcl - MINUTE);

    out.add(CONTRACTS, cid, f.id, clientId, hourly ? "HOURLY" : "FIXED", category, Ids.ts(start),
        ongoing ? null : Ids.ts(end), endedBy, reason);
    msg(out, cid, start, "CLIENT");
    msg(out, cid, Math.min(workEnd, start + (1 + r.nextInt(12)) * HOUR), "FREELANCER");

    // Payments (and the work that goes with each).
    long lastPaid = start;
    long totalCents = 0;
    int k = 0;
    if (earned) {
      long span = Math.max(HOUR, workEnd - start);
      int count;
      double[] amounts;
      if (longTerm || durDays > 60) {
        long interval = (hourly ? 7 : 30) * DAY;
        count = (int) Math.max(1, Math.min(60, span / interval));
        amounts = new double[count];
        double perPeriod = Ids.lognormal(r, (hourly ? 180 : 600) * f.rateFactor, 0.5);
        for (int m = 0; m < count; m++) {
          amounts[m] = perPeriod * (0.7 + 0.6 * r.nextDouble());
        }
      } else {
        count = hourly ? (int) Math.max(1, Math.min(12, span / (7 * DAY))) : 1 + r.nextInt(3);
        // The spread within one freelancer's contracts (sigma 0.8; rateFactor adds 0.6 between
        // freelancers): a wider one makes ordinary low-activity accounts land contracts 20-50 times their
        // usual size often enough to be indistinguishable from a planted EARNINGS_SPIKE.
        double total = Math.max(5, Ids.lognormal(r, 250 * f.rateFactor, 0.8));
        amounts = new double[count];
        for (int m = 0; m < count; m++) {
          amounts[m] = total / count * (0.7 + 0.6 * r.nextDouble());
        }
      }
      for (int m = 0; m < count; m++) {
        long at = minute(start + span * (m + 1) / count);
        if (at >= endExcl) {
          break;
        }
        long cents = Math.max(100, Math.round(amounts[m] * 100));
        if (hourly) {
          out.add(ACTIVITY, cid, Ids.ts(Math.max(start, at - DAY)), "FREELANCER", "TIME_LOG");
        } else {
          out.add(ACTIVITY, cid, Ids.ts(Math.max(start, at - 2 * DAY)), "FREELANCER",
              "MILESTONE_SUBMITTED");
          out.add(ACTIVITY, cid, Ids.ts(at), "CLIENT", "MILESTONE_APPROVED");
        }
        out.add(PAYMENTS, Ids.paymentId(seed, cn, k++), cid, Ids.ts(at), Ids.money(cents));
        totalCents += cents;
        lastPaid = at;
      }
      if (totalCents > 0 && r.nextDouble() < 0.02) {
        long at = Math.min(endExcl - MINUTE, lastPaid + (1 + r.nextInt(20)) * DAY);
        long refund = Math.max(100, Math.round(totalCents * (0.1 + 0.5 * r.nextDouble())));
        out.add(PAYMENTS, Ids.paymentId(seed, cn, k++), cid, Ids.ts(at), Ids.money(-refund));
        totalCents -= refund;
      }
    }
    // Other activity: files and messages by both sides while the work went on.
    if (r.nextDouble() < 0.35) {
      out.add(ACTIVITY, cid, Ids.ts(between(r, start, workEnd)), r.nextBoolean() ? "CLIENT" : "FREELANCER",
          "FILE_SHARED");
    }
    for (int m = r.nextInt(3); m > 0; m--) {
      msg(out, cid, between(r, start, workEnd), r.nextBoolean() ? "CLIENT" : "FREELANCER");
    }
    if (stallAt != Long.MAX_VALUE) {
      // Messages only after the work stopped: a freelancer chasing a client who may not answer.
      for (int m = 1 + r.nextInt(3); m > 0; m--) {
        msg(out, cid, between(r, stallAt, endExcl - MINUTE), "FREELANCER");
      }
      if (!clientSilent) {
        msg(out, cid, between(r, stallAt, endExcl - MINUTE), "CLIENT");
      }
    }

    // Disputes: rare, more likely when the work went badly; all outcomes, some still open.
    long contractCents = Math.max(totalCents, 5000);
    if (lostDispute && !ongoing) {
      long opened = between(r, start, end);
      long closed = Math.min(endExcl - MINUTE, opened + (2 + r.nextInt(20)) * DAY);
      dispute(out, cn, cid, "CLIENT", opened, closed, "FOR_CLIENT", contractCents, r);
      if (totalCents > 0) {
        long refund = Math.max(100, Math.round(totalCents * (0.3 + 0.7 * r.nextDouble())));
        out.add(PAYMENTS, Ids.paymentId(seed, cn, k++), cid, Ids.ts(closed), Ids.money(-refund));
      }
    } else if (r.nextDouble() < (bad ? 0.15 : 0.015)) {
      long opened = between(r, start, Math.min(workEnd + 3 * DAY, endExcl - MINUTE));
      long closed = opened + (2 + r.nextInt(44)) * DAY;
      double o = r.nextDouble();
      String outcome =
          o < 0.3 ? "FOR_FREELANCER" : o < 0.5 ? "FOR_CLIENT" : o < 0.75 ? "SPLIT" : "WITHDRAWN";
      if (closed >= endExcl || r.nextDouble() < 0.05) {
        dispute(out, cn, cid, r.nextDouble() < 0.7 ? "CLIENT" : "FREELANCER", opened, -1, "OPEN",
            contractCents, r);
      } else {
        dispute(out, cn, cid, r.nextDouble() < 0.7 ? "CLIENT" : "FREELANCER", opened, closed,
            outcome, contractCents, r);
      }
    }

    if (!ongoing) {
      clientFeedback(out, r, cid, end, bad, reason);
      freelancerFeedback(out, r, cid, end, badClient);
    } else if (longTerm && start < endExcl - 180 * DAY && r.nextDouble() < 0.1) {
      // A mid-contract review on a long relationship.
      clientFeedback(out, r, cid, between(r, start + 90 * DAY, endExcl - 15 * DAY), bad, "COMPLETED");
    }
    f.earnedCents += Math.max(0, totalCents);
  }

  private void clientFeedback(Out out, SplittableRandom r, String cid, long end, boolean bad,
      String reason) {
    boolean clientSide = reason.equals("CLIENT_UNRESPONSIVE") || reason.equals("SCOPE_OR_BUDGET_CHANGED");
    if (r.nextDouble() > (clientSide ? 0.4 : 0.82)) {
      return;
    }
    long at = minute(end + (long) (r.nextDouble() * 14 * DAY));
    if (at >= endExcl) {
      return; // not given yet
    }
    double rating;
    int priv;
    if (bad) {
      rating = 1.0 + r.nextDouble() * 2.9;
      priv = r.nextInt(7);
    } else {
      double u = r.nextDouble();
      rating = u < 0.7 ? 5.0 : u < 0.9 ? 4.5 + r.nextDouble() * 0.4 : u < 0.97 ? 4.0 + r.nextDouble() * 0.4
          : 3.0 + r.nextDouble() * 0.9;
      double v = r.nextDouble();
      priv = rating >= 4.95 ? (v < 0.8 ? 10 : v < 0.95 ? 9 : 8)
          : rating >= 4.5 ? 8 + r.nextInt(3)
          : rating >= 4.0 ? 6 + r.nextInt(3)
          : 2 + r.nextInt(5);
    }
    out.add(FEEDBACK, cid, "CLIENT", Ids.ts(at), r.nextDouble() < 0.95 ? Ids.rating(rating) : null,
        r.nextDouble() < 0.85 ? Integer.toString(priv) : null);
  }

  private void freelancerFeedback(Out out, SplittableRandom r, String cid, long end, boolean badClient) {
    if (r.nextDouble() > 0.7) {
      return;
    }
    long at = minute(end + (long) (r.nextDouble() * 14 * DAY));
    if (at >= endExcl) {
      return;
    }
    double u = r.nextDouble();
    double rating =
        badClient && u < 0.8 ? 1.0 + r.nextDouble()
            : u < 0.7 ? 5.0 : u < 0.95 ? 4.0 + r.nextDouble() * 0.9 : 1.0 + r.nextDouble() * 2.9;
    out.add(FEEDBACK, cid, "FREELANCER", Ids.ts(at), Ids.rating(rating), null);
  }

  private void dispute(Out out, long cn, String cid, String by, long opened, long closed,
      String outcome, long contractCents, SplittableRandom r) {
    String amount =
        r.nextDouble() < 0.8
            ? Ids.money(Math.max(500, Math.round(contractCents * (0.2 + 0.8 * r.nextDouble()))))
            : null;
    out.add(DISPUTES, Ids.disputeId(seed, cn, 0), cid, by, Ids.ts(opened),
        closed < 0 ? null : Ids.ts(closed), outcome, amount);
  }

  // ------------------------------------------------------------- planted

  /** A quick, small, fixed-price job paid in full and rated 5.0 both ways: the shape abuse uses. */
  private void quickJob(F f, Out out, String clientId, long start, double days, long cents,
      String category) {
    SplittableRandom r = f.r;
    long cn = Ids.contractNumber(f.i, f.nextContract++);
    String cid = Ids.contractId(seed, cn);
    long end = Math.min(endExcl - 2 * HOUR, minute(start + (long) (days * DAY)));
    out.add(CONTRACTS, cid, f.id, clientId, "FIXED", category, Ids.ts(start), Ids.ts(end),
        "CLIENT", "COMPLETED");
    msg(out, cid, start, "CLIENT");
    msg(out, cid, start + (5 + r.nextInt(120)) * MINUTE, "FREELANCER");
    out.add(ACTIVITY, cid, Ids.ts(Math.max(start, end - HOUR)), "FREELANCER", "MILESTONE_SUBMITTED");
    out.add(ACTIVITY, cid, Ids.ts(end), "CLIENT", "MILESTONE_APPROVED");
    out.add(PAYMENTS, Ids.paymentId(seed, cn, 0), cid, Ids.ts(end), Ids.money(cents));
    long fb = Math.min(endExcl - MINUTE, end + (10 + r.nextInt(600)) * MINUTE);
    out.add(FEEDBACK, cid, "CLIENT", Ids.ts(fb), "5.0", r.nextDouble() < 0.9 ? "10" : null);
    out.add(FEEDBACK, cid, "FREELANCER", Ids.ts(Math.min(endExcl - MINUTE, fb + HOUR)), "5.0", null);
    f.earnedCents += cents;
  }

  private String extraClient(F f, Out out, long owner, int k, long created, String country,
      SplittableRandom r, String sharedFingerprint, String sharedDevice) {
    long num = Ids.accountNumber(Ids.EXTRA_CLIENT, owner * 64 + k);
    String id = Ids.accountId(seed, Ids.EXTRA_CLIENT, owner * 64 + k);
    boolean verified = sharedFingerprint != null || r.nextDouble() < 0.6;
    account(out, id, "CLIENT", created, country, verified);
    int rows = 1 + r.nextInt(3);
    signals(out, r, id, num, country, created, rows, verified, sharedDevice,
        sharedDevice == null ? 0 : rows, null, 0, sharedFingerprint);
    return id;
  }

  /** A client account of the freelancer's own, sharing its payout fingerprint or its device. */
  private void selfDealing(F f, SplittableRandom r, String fingerprint, Out out) {
    long created = minute(Math.max(f.created + 30 * DAY, endExcl - (150 + r.nextInt(250)) * DAY));
    boolean byFingerprint = r.nextBoolean();
    String id = extraClient(f, out, f.i, 0, created, f.country, r,
        byFingerprint ? fingerprint : null,
        byFingerprint ? null : Ids.token(seed, f.num, P_DEVICE, 0));
    for (int m = 2 + r.nextInt(3); m > 0; m--) {
      long start = between(r, created + DAY, endExcl - 5 * DAY);
      quickJob(f, out, id, start, 2 + r.nextDouble() * 20,
          Math.round(Ids.lognormal(r, 400, 0.6) * 100), f.category);
    }
  }

  /** A burst of tiny, top-rated jobs from brand-new clients in the last 60 days. */
  private void farming(F f, SplittableRandom r, Out out) {
    for (int k = 0; k < 8 + r.nextInt(7); k++) {
      long start = minute(endExcl - (4 + r.nextInt(56)) * DAY - r.nextInt(86400));
      long created = minute(start - (long) (r.nextDouble() * 5 * DAY));
      String country = Ids.pick(r, COUNTRIES, CLIENT_COUNTRY_W);
      String id = extraClient(f, out, f.i, k, created, country, r, null, null);
      quickJob(f, out, id, start, 0.2 + r.nextDouble() * 2.5, 500 + r.nextInt(3500), f.category);
    }
  }

  /**
   * Recent earnings 12-30 times the account's own monthly average and at least $8,000, from two to four
   * equal payments on one new hourly contract, after the account's other work stopped.
   */
  private void spike(F f, SplittableRandom r, Out out) {
    double months = Math.max(1, (endExcl - 30 * DAY - f.created) / (30.0 * DAY));
    long monthly = Math.round(f.earnedCents / months);
    long total = Math.max(800_000, Math.round(monthly * (12 + 18 * r.nextDouble())));
    long c = -1;
    long start = minute(endExcl - (20 + r.nextInt(9)) * DAY);
    for (int t = 0; t < 20 && c < 0; t++) {
      long cand = (long) (clients * r.nextDouble());
      c = clientCreated(cand) < start ? cand : -1;
    }
    if (c < 0) {
      c = 0;
      start = Math.max(start, clientCreated(0) + DAY);
    }
    long cn = Ids.contractNumber(f.i, f.nextContract++);
    String cid = Ids.contractId(seed, cn);
    out.add(CONTRACTS, cid, f.id, Ids.accountId(seed, Ids.CLIENT, c), "HOURLY", f.category,
        Ids.ts(start), null, null, null);
    msg(out, cid, start, "CLIENT");
    msg(out, cid, start + 2 * HOUR, "FREELANCER");
    int n = 2 + r.nextInt(3);
    for (int k = 0; k < n; k++) {
      long at = minute(start + (endExcl - DAY - start) * (k + 1) / n);
      out.add(ACTIVITY, cid, Ids.ts(at - DAY), "FREELANCER", "TIME_LOG");
      out.add(PAYMENTS, Ids.paymentId(seed, cn, k), cid, Ids.ts(at), Ids.money(total / n));
    }
  }

  /** Ring member: repeated quick 5.0 jobs from the ring's own client accounts (owned by member 0). */
  private void ring(F f, SplittableRandom blockR, Out out) {
    long first = f.i - f.i % PlantPlan.BLOCK;
    int ringClients = 3 + blockR.nextInt(2);
    String country = Ids.pick(blockR, COUNTRIES, CLIENT_COUNTRY_W);
    long created = minute(endExcl - (380 + blockR.nextInt(120)) * DAY);
    String[] ids = new String[ringClients];
    for (int k = 0; k < ringClients; k++) {
      if (f.i == first) {
        ids[k] = extraClient(f, out, first, k, created + k * 3 * DAY, country, f.r, null, null);
      } else {
        ids[k] = Ids.accountId(seed, Ids.EXTRA_CLIENT, first * 64 + k);
      }
    }
    for (int k = 0; k < ringClients; k++) {
      for (int m = 2 + f.r.nextInt(2); m > 0; m--) {
        long start = between(f.r, Math.max(created + 10 * DAY, endExcl - 360 * DAY), endExcl - 3 * DAY);
        quickJob(f, out, ids[k], start, 0.5 + f.r.nextDouble() * 3, 1500 + f.r.nextInt(7500),
            f.category);
      }
    }
  }

  /**
   * UNUSUAL_PROFILE: more work than the ordinary history from client accounts created hours to days
   * before hiring, each a short, well-paid fixed job ($1,200-$4,000 over one to three days), spread over
   * the last year. Too large for farming (tiny jobs) or a ring (small ones), too even for a spike.
   */
  private void newClientWork(F f, SplittableRandom r, int ordinary, Out out) {
    int jobs = ordinary + 2 + r.nextInt(4);
    for (int k = 0; k < jobs; k++) {
      long start = minute(endExcl - (5 + (long) (r.nextDouble() * 360)) * DAY);
      long created = minute(start - (long) (r.nextDouble() * 5 * DAY));
      String country = Ids.pick(r, COUNTRIES, CLIENT_COUNTRY_W);
      String id = extraClient(f, out, f.i, k, created, country, r, null, null);
      quickJob(f, out, id, start, 1 + r.nextDouble() * 2, 120_000 + r.nextInt(280_000), f.category);
    }
  }

  /**
   * UNUSUAL_PROFILE's sign-ins: 10 to 16 rows, most from the profile country (so no location mismatch)
   * and the rest from two to four others; with {@code manyIdentities}, four to eight devices and two to
   * four payout fingerprints of its own, shared with no other account.
   */
  private void unusualSignals(F f, SplittableRandom r, boolean manyIdentities, Out out) {
    int rows = 10 + r.nextInt(7);
    int devices = manyIdentities ? 4 + r.nextInt(5) : 1;
    int fingerprints = manyIdentities ? 2 + r.nextInt(3) : 1;
    String[] abroad = new String[2 + r.nextInt(3)];
    for (int k = 0; k < abroad.length; k++) {
      String c;
      do {
        c = otherCountry(r, f.country);
      } while (java.util.Arrays.asList(abroad).contains(c));
      abroad[k] = c;
    }
    int foreignRows = Math.max(abroad.length, (int) (rows * (0.25 + 0.15 * r.nextDouble())));
    for (int m = 0; m < rows; m++) {
      long at = between(r, f.created, endExcl - MINUTE);
      String ip = m < foreignRows ? abroad[m % abroad.length] : f.country;
      out.add(SIGNALS, f.id, Ids.ts(at), ip, Ids.token(seed, f.num, P_DEVICE, m % devices),
          Ids.token(seed, f.num, P_FINGERPRINT, m % fingerprints));
    }
  }

  // ------------------------------------------------------------- rows

  private void account(Out out, String id, String role, long created, String country, Boolean verified) {
    out.add(ACCOUNTS, id, role, Ids.ts(created), country, verified == null ? null : verified.toString());
  }

  /**
   * Signal rows of one account: mostly its own country, its own one or two devices and its own payment
   * fingerprint. A planted case passes a device or fingerprint of another account, or foreign rows.
   */
  private void signals(Out out, SplittableRandom r, String id, long num, String country, long created,
      int rows, boolean hasFingerprint, String sharedDevice, int sharedDeviceRows, String foreign,
      int foreignRows, String fingerprint) {
    String fp = fingerprint != null ? fingerprint : Ids.token(seed, num, P_FINGERPRINT, 0);
    boolean twoDevices = r.nextDouble() < 0.3;
    int foreignLeft = foreignRows;
    for (int m = 0; m < rows; m++) {
      long at = between(r, created, endExcl - MINUTE);
      // Spread the foreign rows at random over the rows (all of them when there are that many).
      boolean isForeign = foreignLeft > 0 && r.nextDouble() * (rows - m) < foreignLeft;
      if (isForeign) {
        foreignLeft--;
      }
      String device =
          m < sharedDeviceRows ? sharedDevice
              : r.nextDouble() < 0.08 ? null
              : Ids.token(seed, num, P_DEVICE, twoDevices && r.nextBoolean() ? 1 : 0);
      String ip = isForeign ? foreign : foreignRows == 0 && r.nextDouble() < 0.03 ? null : country;
      String pf = hasFingerprint && (fingerprint != null || r.nextDouble() < 0.5) ? fp : null;
      out.add(SIGNALS, id, Ids.ts(at), ip, device, pf);
    }
  }

  private void msg(Out out, String cid, long at, String actor) {
    out.add(ACTIVITY, cid, Ids.ts(Math.min(at, endExcl - MINUTE)), actor, "MESSAGE");
  }

  private static String otherCountry(SplittableRandom r, String country) {
    String c;
    do {
      c = COUNTRIES[r.nextInt(COUNTRIES.length)];
    } while (c.equals(country));
    return c;
  }

  private long between(SplittableRandom r, long lo, long hi) {
    long h = Math.min(hi, endExcl - MINUTE);
    return h <= lo ? Math.min(lo, endExcl - MINUTE) : minute(lo + (long) (r.nextDouble() * (h - lo)));
  }

  private static long minute(long t) {
    return Math.floorDiv(t, MINUTE) * MINUTE;
  }
}
