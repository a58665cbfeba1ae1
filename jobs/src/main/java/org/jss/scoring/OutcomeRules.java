package org.jss.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.jss.config.JssPolicy;

/**
 * The ordered outcome rules of SPEC section 5 as data: each rule is a named condition with the class it
 * gives; the first that matches wins. {@link #classify} folds them into one {@code when} chain evaluated
 * by Spark without a UDF. The same rules, with the private score removed, decide whether a contract is
 * private-dependent; with the contract closed at D, they give the inactive-contract projection.
 */
public final class OutcomeRules {
  private OutcomeRules() {}

  public static final String POSITIVE = "POSITIVE";
  public static final String NEUTRAL = "NEUTRAL";
  public static final String NEGATIVE = "NEGATIVE";
  public static final String EXCLUDED = "EXCLUDED";

  /** One rule: its reason (the factor name), the class it gives and when it matches. */
  public record Rule(String reason, String outcomeClass, Column when) {}

  /**
   * The columns the rules read. Naming them lets the same rules run on the actual contract, on the
   * contract with its private score removed, and on a contract closed now (inactive what-if).
   */
  public record Inputs(
      Column badActorClient,
      Column disputeOpen,
      Column disputeLost,
      Column earnings,
      Column ended,
      Column endReason,
      Column publicRating,
      Column privateScore,
      Column activeLongTerm,
      Column durationDays) {

    public static Inputs of(Column privateScore) {
      return new Inputs(
          col("bad_actor_client"),
          col("dispute_open"),
          col("dispute_lost"),
          col("earnings"),
          col("ended"),
          col("end_reason"),
          col("public_rating"),
          privateScore,
          col("active_long_term"),
          col("duration_days"));
    }

    public Inputs withPrivateScore(Column ps) {
      return new Inputs(
          badActorClient, disputeOpen, disputeLost, earnings, ended, endReason, publicRating, ps,
          activeLongTerm, durationDays);
    }
  }

  /** Good client feedback (rules 8 and 12): some feedback, and every part of it good. */
  static Column goodFeedback(Inputs in, JssPolicy p) {
    return in.publicRating()
        .isNotNull()
        .or(in.privateScore().isNotNull())
        .and(in.publicRating().isNull().or(in.publicRating().geq(p.goodPublicRating())))
        .and(in.privateScore().isNull().or(in.privateScore().geq(p.goodPrivateScoreMin())));
  }

  public static List<Rule> rules(Inputs in, JssPolicy p) {
    Column zero = in.earnings().leq(0);
    Column good = goodFeedback(in, p);
    Column ended = in.ended();
    return List.of(
        new Rule("BAD_ACTOR_CLIENT", EXCLUDED, in.badActorClient()),
        new Rule("DISPUTE_OPEN", EXCLUDED, in.disputeOpen()),
        new Rule(
            "CLIENT_SIDE_END",
            EXCLUDED,
            zero.and(in.endReason().isin("CLIENT_UNRESPONSIVE", "SCOPE_OR_BUDGET_CHANGED"))),
        new Rule("DISPUTE_LOST", NEGATIVE, in.disputeLost()),
        new Rule("LOW_PUBLIC_RATING", NEGATIVE, in.publicRating().lt(p.lowPublicRating())),
        new Rule("LOW_PRIVATE_SCORE", NEGATIVE, in.privateScore().leq(p.lowPrivateScoreMax())),
        new Rule(
            "FREELANCER_SIDE_END",
            NEGATIVE,
            in.endReason().isin("FREELANCER_UNRESPONSIVE", "QUALITY_ISSUES", "MISSED_DEADLINES")),
        new Rule("ZERO_EARNINGS_GOOD_FEEDBACK", EXCLUDED, ended.and(zero).and(good)),
        new Rule("NO_EARNINGS", NEGATIVE, ended.and(zero)),
        new Rule(
            "LONG_TERM",
            POSITIVE,
            in.activeLongTerm()
                .or(ended.and(in.durationDays().geq(p.longTermDays())))
                .and(in.publicRating().isNull().or(in.publicRating().geq(p.goodPublicRating())))
                .and(in.privateScore().isNull().or(in.privateScore().geq(p.goodPrivateScoreMin())))),
        new Rule(
            "NO_FEEDBACK",
            EXCLUDED,
            ended.and(in.publicRating().isNull()).and(in.privateScore().isNull())),
        new Rule("GOOD_FEEDBACK", POSITIVE, good),
        new Rule(
            "MIXED_PUBLIC_RATING",
            NEUTRAL,
            in.publicRating().geq(p.lowPublicRating()).and(in.publicRating().lt(p.goodPublicRating()))),
        new Rule("MIXED_PRIVATE_SCORE", NEUTRAL, lit(true)));
  }

  /**
   * struct(class, reason) of the first matching rule. A null condition (a missing rating compared with a
   * number) does not match, as in the SPEC where a rule about a missing value cannot fire.
   */
  public static Column classify(Inputs in, JssPolicy p) {
    List<Rule> rules = rules(in, p);
    Column cls = null;
    Column reason = null;
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      Column cond = r.when();
      cls = cls == null ? lit(r.outcomeClass()) : when(cond, lit(r.outcomeClass())).otherwise(cls);
      reason = reason == null ? lit(r.reason()) : when(cond, lit(r.reason())).otherwise(reason);
    }
    return struct(cls.as("class"), reason.as("reason"));
  }
}
