package org.jss.io;

import static org.jss.io.ColumnSpec.opt;
import static org.jss.io.ColumnSpec.optEnum;
import static org.jss.io.ColumnSpec.req;
import static org.jss.io.ColumnSpec.reqEnum;

import java.util.List;
import java.util.Optional;
import org.jss.io.ColumnSpec.ColType;
import org.jss.io.TableSpec.Reference;

/** The input tables of SPEC section 3, declared once, in the order they must be loaded. */
public final class Schemas {
  private Schemas() {}

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

  public static final TableSpec ACCOUNTS =
      new TableSpec(
          "accounts",
          List.of(
              req("account_id", ColType.STRING),
              reqEnum("role", "FREELANCER", "CLIENT"),
              req("created_at", ColType.TIMESTAMP),
              req("country", ColType.STRING),
              opt("payment_verified", ColType.BOOLEAN)),
          List.of("account_id"),
          List.of());

  public static final TableSpec CONTRACTS =
      new TableSpec(
          "contracts",
          List.of(
              req("contract_id", ColType.STRING),
              req("freelancer_id", ColType.STRING),
              req("client_id", ColType.STRING),
              reqEnum("contract_type", "HOURLY", "FIXED"),
              req("category", ColType.STRING),
              req("started_at", ColType.TIMESTAMP),
              opt("ended_at", ColType.TIMESTAMP),
              optEnum("ended_by", "CLIENT", "FREELANCER", "PLATFORM"),
              optEnum("end_reason", END_REASONS.toArray(String[]::new))),
          List.of("contract_id"),
          List.of(
              new Reference("freelancer_id", "accounts", "account_id"),
              new Reference("client_id", "accounts", "account_id")));

  public static final TableSpec PAYMENTS =
      new TableSpec(
          "payments",
          List.of(
              req("payment_id", ColType.STRING),
              req("contract_id", ColType.STRING),
              req("paid_at", ColType.TIMESTAMP),
              req("amount_usd", ColType.MONEY)),
          List.of("payment_id"),
          List.of(new Reference("contract_id", "contracts", "contract_id")));

  public static final TableSpec ACTIVITY =
      new TableSpec(
          "activity",
          List.of(
              req("contract_id", ColType.STRING),
              req("occurred_at", ColType.TIMESTAMP),
              reqEnum("actor", "CLIENT", "FREELANCER"),
              reqEnum(
                  "kind",
                  "MESSAGE",
                  "TIME_LOG",
                  "MILESTONE_SUBMITTED",
                  "MILESTONE_APPROVED",
                  "FILE_SHARED")),
          List.of(),
          List.of(new Reference("contract_id", "contracts", "contract_id")));

  public static final TableSpec FEEDBACK =
      new TableSpec(
          "feedback",
          List.of(
              req("contract_id", ColType.STRING),
              reqEnum("given_by", "CLIENT", "FREELANCER"),
              req("submitted_at", ColType.TIMESTAMP),
              opt("public_rating", ColType.DOUBLE).range(1.0, 5.0),
              opt("private_score", ColType.DOUBLE).range(0.0, 10.0)),
          List.of(),
          List.of(new Reference("contract_id", "contracts", "contract_id")));

  public static final TableSpec DISPUTES =
      new TableSpec(
          "disputes",
          List.of(
              req("dispute_id", ColType.STRING),
              req("contract_id", ColType.STRING),
              reqEnum("opened_by", "CLIENT", "FREELANCER"),
              req("opened_at", ColType.TIMESTAMP),
              opt("closed_at", ColType.TIMESTAMP),
              reqEnum("outcome", "OPEN", "FOR_FREELANCER", "FOR_CLIENT", "SPLIT", "WITHDRAWN"),
              opt("amount_usd", ColType.MONEY)),
          List.of("dispute_id"),
          List.of(new Reference("contract_id", "contracts", "contract_id")));

  public static final TableSpec ACCOUNT_SIGNALS =
      new TableSpec(
          "account_signals",
          List.of(
              req("account_id", ColType.STRING),
              req("observed_at", ColType.TIMESTAMP),
              opt("ip_country", ColType.STRING),
              opt("device_hash", ColType.STRING),
              opt("payment_fingerprint", ColType.STRING)),
          List.of(),
          List.of(new Reference("account_id", "accounts", "account_id")));

  public static final TableSpec REVIEW_DECISIONS =
      new TableSpec(
          "review_decisions",
          List.of(
              req("account_id", ColType.STRING),
              req("detector", ColType.STRING),
              req("decided_at", ColType.TIMESTAMP),
              reqEnum("decision", "CLEARED", "WARNED", "SUSPENDED")),
          List.of(),
          List.of(new Reference("account_id", "accounts", "account_id")));

  /** Load order: a table's references point only to tables earlier in the list. */
  public static final List<TableSpec> ALL =
      List.of(
          ACCOUNTS,
          CONTRACTS,
          PAYMENTS,
          ACTIVITY,
          FEEDBACK,
          DISPUTES,
          ACCOUNT_SIGNALS,
          REVIEW_DECISIONS);

  public static Optional<TableSpec> byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
