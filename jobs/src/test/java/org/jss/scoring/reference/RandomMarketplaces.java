package org.jss.scoring.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

/**
 * Seeded random small marketplaces that aim at the edges of SPEC sections 4 and 5 on purpose: for the
 * property tests that hold the Spark JSS to {@link ReferenceJss}. The same seed always gives the same
 * marketplace.
 *
 * <p>What it plants: as-of dates on month ends (Feb 28/29, Aug 31, ...); contracts starting 88-92 days
 * before D and payments dated D-91 .. D-89 (the long-term and recent-payment boundaries); end dates one
 * day either side of each window start; contracts running 89, 90 or 91 days and payments on the last
 * and first day of a 90-day weight period; earnings on the weight tier edges (250.00, 250.01, 1000.00,
 * 1000.01), zero, refunded to zero or below, and zero-amount payments; up to three client feedback rows
 * per contract, often two sharing a {@code submitted_at}, with every rating band and missing values;
 * open disputes, disputes closed with every outcome, two closed at the same instant, disputes closed or
 * opened after D; "harsh" clients who collect many low freelancer ratings across freelancers (bad-actor
 * clients, sometimes exactly at the half share); every {@code end_reason}; and events after D that a
 * run must not see (contracts starting after D, {@code ended_at}, payments, feedback and disputes at D+1
 * 00:00 or later), next to events at D 23:59:59 that it must see.
 *
 * <p>The rows are valid inputs as ingest would load them: ids are short ({@code f1}, {@code c2}, {@code
 * k3}, {@code p4}, {@code d5}), {@code ended_at >= started_at}, events of a contract are not before its
 * start, disputes close after they open, ratings lie in range, and no event-log row is duplicated.
 */
public final class RandomMarketplaces {

  /** A generated marketplace and the date it is meant to be scored at. */
  public record Sample(long seed, LocalDate asOf, Marketplace marketplace) {}

  /** As-of dates on month ends, where window starts clamp. */
  public static final List<LocalDate> MONTH_END_AS_OF =
      List.of(
          LocalDate.of(2026, 8, 31),
          LocalDate.of(2026, 3, 31),
          LocalDate.of(2024, 2, 29),
          LocalDate.of(2025, 2, 28),
          LocalDate.of(2026, 12, 31),
          LocalDate.of(2026, 5, 31),
          LocalDate.of(2026, 10, 31),
          LocalDate.of(2024, 8, 31));

  public static final List<String> END_REASONS =
      List.of(
          "COMPLETED",
          "CLIENT_UNRESPONSIVE",
          "SCOPE_OR_BUDGET_CHANGED",
          "FREELANCER_UNRESPONSIVE",
          "QUALITY_ISSUES",
          "MISSED_DEADLINES",
          "MUTUAL",
          "OTHER");

  private static final List<Double> PUBLIC =
      List.of(1.0, 2.0, 2.5, 3.9, 4.0, 4.2, 4.49, 4.5, 4.8, 5.0, 5.0, 5.0);
  private static final List<Double> PRIVATE =
      List.of(0.0, 5.0, 6.0, 6.5, 7.0, 8.0, 8.9, 9.0, 9.0, 10.0, 10.0, 10.0);
  private static final List<Double> FREELANCER_LOW = List.of(1.0, 1.5, 2.0);
  private static final List<Double> FREELANCER_OTHER = List.of(2.1, 3.0, 4.0, 4.5, 5.0);
  private static final List<String> AMOUNTS =
      List.of(
          "0.01", "50.00", "150.00", "250.00", "250.01", "300.00", "999.99", "1000.00", "1000.01",
          "1200.00", "2500.00", "10000.00");
  private static final List<String> OUTCOMES = List.of("FOR_FREELANCER", "FOR_CLIENT", "SPLIT", "WITHDRAWN");
  private static final List<String> COUNTRIES = List.of("US", "IN", "PH", "DE", "UA");
  private static final List<String> KINDS =
      List.of("MESSAGE", "TIME_LOG", "MILESTONE_SUBMITTED", "MILESTONE_APPROVED", "FILE_SHARED");
  private static final int[] TIMES_OF_DAY = {0, 9 * 3600 + 15 * 60, 86_399};
  private static final int[] WINDOWS = {6, 12, 24};
  private static final int[] RUN_DAYS = {0, 1, 30, 89, 90, 91, 120, 179, 180, 181, 270, 400, 800};

  private RandomMarketplaces() {}

  /** A marketplace of 2-6 freelancers at an as-of date that is a month end half of the time. */
  public static Sample generate(long seed) {
    Random r = new Random(seed);
    LocalDate asOf =
        r.nextBoolean()
            ? MONTH_END_AS_OF.get(r.nextInt(MONTH_END_AS_OF.size()))
            : LocalDate.of(2025, 1, 1).plusDays(r.nextInt(900));
    int freelancers = 2 + r.nextInt(5);
    return new Sample(seed, asOf, generate(seed, asOf, freelancers));
  }

  /** A marketplace of {@code freelancers} freelancers (some may have no visible contract) around D. */
  public static Marketplace generate(long seed, LocalDate asOf, int freelancers) {
    return new Gen(new Random(seed * 1_000_003L + asOf.toEpochDay() * 31 + freelancers), asOf)
        .run(freelancers);
  }

  private static final class Gen {
    final Random r;
    final LocalDate d;
    final Instant cut;
    final List<AccountIn> accounts = new ArrayList<>();
    final List<ContractIn> contracts = new ArrayList<>();
    final List<PaymentIn> payments = new ArrayList<>();
    final LinkedHashSet<FeedbackIn> feedback = new LinkedHashSet<>();
    final List<DisputeIn> disputes = new ArrayList<>();
    final LinkedHashSet<ActivityIn> activity = new LinkedHashSet<>();
    final List<DecisionIn> decisions = new ArrayList<>();
    int nextContract = 1;
    int nextPayment = 1;
    int nextDispute = 1;

    Gen(Random r, LocalDate asOf) {
      this.r = r;
      this.d = asOf;
      this.cut = ReferenceJss.cutoff(asOf);
    }

    Marketplace run(int freelancers) {
      int nClients = 2 + r.nextInt(5);
      boolean[] harsh = new boolean[nClients + 1];
      for (int c = 1; c <= nClients; c++) {
        harsh[c] = r.nextInt(100) < 15;
        accounts.add(account("c" + c, "CLIENT"));
      }
      for (int f = 1; f <= freelancers; f++) {
        accounts.add(account("f" + f, "FREELANCER"));
        int n = r.nextInt(9);
        for (int i = 0; i < n; i++) {
          int client = 1 + r.nextInt(nClients);
          contract("f" + f, "c" + client, harsh[client]);
        }
        if (r.nextInt(8) == 0) {
          decisions.add(
              new DecisionIn("f" + f, "JSS_FARMING", day(d.minusDays(r.nextInt(60))), "CLEARED"));
        }
      }
      return new Marketplace(
          accounts,
          contracts,
          payments,
          new ArrayList<>(feedback),
          disputes,
          new ArrayList<>(activity),
          decisions);
    }

    AccountIn account(String id, String role) {
      return new AccountIn(
          id, role, day(d.minusDays(1000 + r.nextInt(200))), pick(COUNTRIES));
    }

    void contract(String freelancer, String client, boolean harshClient) {
      String id = "k" + nextContract++;
      Instant start;
      Instant end = null;
      switch (r.nextInt(9)) {
        case 0 -> { // ended recently
          end = time(d.minusDays(r.nextInt(200)));
          start = before(end);
        }
        case 1 -> { // ended one day either side of a window start
          end = time(d.minusMonths(WINDOWS[r.nextInt(3)]).plusDays(r.nextInt(3) - 1));
          start = before(end);
        }
        case 2 -> { // ended long ago, often outside every window
          end = time(d.minusDays(200 + r.nextInt(600)));
          start = before(end);
        }
        case 3 -> // active, started near the long-term boundary (or well before it)
            start =
                time(
                    d.minusDays(
                        r.nextBoolean() ? 88 + r.nextInt(5) : 100 + r.nextInt(300)));
        case 4 -> start = time(d.minusDays(r.nextInt(60))); // active, young
        case 5 -> // starts after D: does not exist for the run
            start = r.nextBoolean() ? cut : time(d.plusDays(1 + r.nextInt(30)));
        case 6 -> { // ends after D: active at D, end reason hidden
          start = time(d.minusDays(30 + r.nextInt(370)));
          end = r.nextBoolean() ? cut : time(d.plusDays(1 + r.nextInt(30)));
        }
        case 7 -> { // ends on D itself, first or last second
          end = r.nextBoolean() ? day(d) : cut.minusSeconds(1);
          start = before(end);
        }
        default -> { // ended any time in the last two years
          end = time(d.minusDays(r.nextInt(760)));
          start = before(end);
        }
      }
      String reason =
          end == null ? null : r.nextBoolean() ? "COMPLETED" : pick(END_REASONS);
      String endedBy =
          end == null ? null : List.of("CLIENT", "FREELANCER", "PLATFORM").get(r.nextInt(3));
      contracts.add(
          new ContractIn(
              id,
              freelancer,
              client,
              r.nextBoolean() ? "HOURLY" : "FIXED",
              List.of("dev", "design", "writing").get(r.nextInt(3)),
              start,
              end,
              endedBy,
              reason));
      LocalDate startDate = ReferenceJss.utcDate(start);
      // The last date events of this contract are generated for: its end, or a little after D.
      LocalDate last = end == null ? d.plusDays(10) : ReferenceJss.utcDate(end);
      if (last.isBefore(startDate)) {
        last = startDate;
      }
      payments(id, start, startDate, last);
      clientFeedback(id, start, last);
      freelancerFeedback(id, start, last, harshClient);
      if (r.nextInt(5) == 0) {
        disputes(id, start, last);
      }
      for (int i = r.nextInt(3); i > 0; i--) {
        activity.add(
            new ActivityIn(
                id,
                after(start, between(startDate, last)),
                r.nextBoolean() ? "CLIENT" : "FREELANCER",
                pick(KINDS)));
      }
    }

    void payments(String id, Instant start, LocalDate startDate, LocalDate last) {
      switch (r.nextInt(8)) {
        case 0 -> {} // no payment at all
        case 1 -> pay(id, start, between(startDate, last), amount());
        case 2 -> { // around 90-day period boundaries
          int k = 1 + r.nextInt(4);
          LocalDate boundary = startDate.plusDays(90L * k);
          pay(id, start, boundary.minusDays(r.nextInt(2)), amount());
          if (r.nextBoolean()) {
            pay(id, start, between(startDate, last), amount());
          }
          if (r.nextBoolean()) {
            pay(id, start, startDate.plusDays(r.nextInt(90)), amount());
          }
        }
        case 3 -> { // around D - 90, the recent-payment boundary of active long-term contracts
          pay(id, start, d.minusDays(89 + r.nextInt(3)), r.nextInt(4) == 0 ? "0.00" : amount());
          if (r.nextBoolean()) {
            pay(id, start, between(startDate, last), amount());
          }
        }
        case 4 -> { // a refund: back to zero, below it, or part of it
          String a = amount();
          LocalDate paid = between(startDate, last);
          pay(id, start, paid, a);
          BigDecimal refund = new BigDecimal(a).negate();
          int how = r.nextInt(3);
          if (how == 1) {
            refund = refund.subtract(new BigDecimal("10.00"));
          } else if (how == 2) {
            refund = refund.divide(BigDecimal.valueOf(2)).setScale(2, java.math.RoundingMode.HALF_UP);
          }
          pay(id, start, between(paid, last), refund.toPlainString());
        }
        case 5 -> pay(id, start, between(startDate, last), "0.00"); // a zero-amount payment
        case 6 -> { // several payments, one of them possibly after D (invisible)
          for (int i = 1 + r.nextInt(4); i > 0; i--) {
            pay(id, start, between(startDate, last), amount());
          }
          if (r.nextBoolean()) {
            payments.add(
                new PaymentIn("p" + nextPayment++, id, max(cut, start), new BigDecimal("5000.00")));
          }
        }
        default -> { // every 30 days over the contract's life (long contracts reach the weight cap)
          for (LocalDate p = startDate; !p.isAfter(last); p = p.plusDays(30)) {
            pay(id, start, p, "400.00");
          }
        }
      }
    }

    void pay(String id, Instant start, LocalDate date, String amount) {
      payments.add(new PaymentIn("p" + nextPayment++, id, after(start, date), new BigDecimal(amount)));
    }

    String amount() {
      return pick(AMOUNTS);
    }

    void clientFeedback(String id, Instant start, LocalDate last) {
      int roll = r.nextInt(20);
      int rows = roll < 6 ? 0 : roll < 15 ? 1 : roll < 18 ? 2 : 3;
      Instant prev = null;
      for (int i = 0; i < rows; i++) {
        Instant at =
            prev != null && r.nextBoolean()
                ? prev // shares the previous row's timestamp
                : after(start, last.plusDays(r.nextInt(12) - 3));
        Double pub = r.nextInt(5) == 0 ? null : pick(PUBLIC);
        Double priv = r.nextBoolean() ? null : pick(PRIVATE);
        feedback.add(new FeedbackIn(id, "CLIENT", at, pub, priv));
        prev = at;
      }
    }

    void freelancerFeedback(String id, Instant start, LocalDate last, boolean harshClient) {
      int rows = harshClient ? r.nextInt(4) : r.nextInt(3) == 0 ? 1 : 0;
      for (int i = 0; i < rows; i++) {
        Double rating;
        if (r.nextInt(8) == 0) {
          rating = null;
        } else if (harshClient ? r.nextInt(4) != 0 : r.nextInt(5) == 0) {
          rating = pick(FREELANCER_LOW);
        } else {
          rating = pick(FREELANCER_OTHER);
        }
        feedback.add(
            new FeedbackIn(
                id, "FREELANCER", after(start, last.plusDays(r.nextInt(12) - 3)), rating, null));
      }
    }

    void disputes(String id, Instant start, LocalDate last) {
      int n = 1 + r.nextInt(2);
      Instant sharedClose = null;
      for (int i = 0; i < n; i++) {
        Instant closed;
        String outcome;
        int kind = r.nextInt(10);
        if (kind < 3) { // open
          closed = null;
          outcome = "OPEN";
        } else if (kind < 8) { // closed before D
          closed =
              sharedClose != null && r.nextBoolean()
                  ? sharedClose
                  : after(start, between(ReferenceJss.utcDate(start), min(last.plusDays(20), d)));
          if (!closed.isBefore(cut)) {
            closed = cut.minusSeconds(1);
          }
          outcome = pick(OUTCOMES);
        } else if (kind < 9) { // closed after D: still open at D
          closed = r.nextBoolean() ? cut : cut.plusSeconds(86_400L * (1 + r.nextInt(20)));
          outcome = pick(OUTCOMES);
        } else { // closed in the last second of D
          closed = cut.minusSeconds(1);
          outcome = pick(OUTCOMES);
        }
        if (closed != null && closed.isBefore(start)) {
          closed = start;
        }
        Instant opened;
        if (closed == null) {
          // open: opened before D, or (rarely) after D and so not visible at all
          opened =
              r.nextInt(6) == 0
                  ? max(cut, start)
                  : after(start, between(ReferenceJss.utcDate(start), min(last, d)));
        } else {
          opened = after(start, between(ReferenceJss.utcDate(start), ReferenceJss.utcDate(closed)));
          if (opened.isAfter(closed)) {
            opened = closed;
          }
        }
        disputes.add(
            new DisputeIn(
                "d" + nextDispute++,
                id,
                r.nextBoolean() ? "CLIENT" : "FREELANCER",
                opened,
                closed,
                outcome,
                r.nextBoolean() ? null : new BigDecimal(amount())));
        if (closed != null && closed.isBefore(cut)) {
          sharedClose = closed;
        }
      }
    }

    /** A start instant some days before {@code end}: under 60, or one of the boundary lengths. */
    Instant before(Instant end) {
      int days = r.nextBoolean() ? r.nextInt(60) : RUN_DAYS[r.nextInt(RUN_DAYS.length)];
      LocalDate startDate = ReferenceJss.utcDate(end).minusDays(days);
      Instant s = time(startDate);
      return s.isAfter(end) ? end : s;
    }

    /** Date {@code date} at a random boundary-ish time of day, but never before {@code notBefore}. */
    Instant after(Instant notBefore, LocalDate date) {
      Instant t = time(date);
      return t.isBefore(notBefore) ? notBefore : t;
    }

    Instant time(LocalDate date) {
      return day(date).plusSeconds(TIMES_OF_DAY[r.nextInt(TIMES_OF_DAY.length)]);
    }

    LocalDate between(LocalDate from, LocalDate to) {
      if (!to.isAfter(from)) {
        return from;
      }
      long span = to.toEpochDay() - from.toEpochDay();
      return from.plusDays(r.nextInt((int) Math.min(span + 1, Integer.MAX_VALUE)));
    }

    <T> T pick(List<T> l) {
      return l.get(r.nextInt(l.size()));
    }
  }

  private static Instant day(LocalDate date) {
    return date.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
