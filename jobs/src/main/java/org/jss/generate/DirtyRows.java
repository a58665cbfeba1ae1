package org.jss.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jss.io.Schemas;
import org.jss.io.TableSpec;

/**
 * The rows {@code generate --dirty} adds: a few per validation rule of SPEC section 3, each derived from a
 * real row of one ordinary freelancer (found and simulated on the driver), with its label (table, row key,
 * rule). Rule names match ingest's quarantine reasons; IDENTICAL_DUPLICATE rows are the ones ingest drops
 * silently.
 */
final class DirtyRows {
  /** One dirty row's ground truth: the table, the row's key (or, for an event log, its values) and rule. */
  record Label(String table, String key, String rule) {}

  /** Dirty rows by table index (as in {@link MarketSim}) and their labels. */
  record Set(Map<Integer, List<String[]>> rows, List<Label> labels) {}

  private DirtyRows() {}

  /**
   * Builds the dirty rows from a sample of real rows.
   *
   * @param withUnparsable false for typed (parquet) output, which cannot hold an unparsable value
   */
  static Set build(Map<Integer, List<String[]>> sample, long endExcl, boolean withUnparsable) {
    Map<Integer, List<String[]>> rows = new TreeMap<>();
    List<Label> labels = new ArrayList<>();
    Builder b = new Builder(rows, labels);
    String[] account = sample.get(MarketSim.ACCOUNTS).get(0);
    String[] contract = sample.get(MarketSim.CONTRACTS).get(0);
    String[] payment = sample.get(MarketSim.PAYMENTS).get(0);
    String[] activity = sample.get(MarketSim.ACTIVITY).get(0);
    String[] feedback = first(sample.get(MarketSim.FEEDBACK), r -> r[1].equals("CLIENT"));
    String[] signal = sample.get(MarketSim.SIGNALS).get(0);
    String future = Ids.ts(endExcl + 3650L * MarketSim.DAY); // far after any plausible ingest time

    // Missing required values.
    b.add(MarketSim.ACCOUNTS, with(account, 0, "udirty0000001", 3, null), "MISSING_REQUIRED");
    b.add(MarketSim.CONTRACTS, with(contract, 0, "kdirty0000001", 4, null), "MISSING_REQUIRED");
    b.add(MarketSim.PAYMENTS, with(payment, 0, "pdirty0000001", 2, null), "MISSING_REQUIRED");
    b.add(MarketSim.ACTIVITY, with(activity, 2, null), "MISSING_REQUIRED");
    // Unparsable values.
    if (withUnparsable) {
      b.add(MarketSim.PAYMENTS, with(payment, 0, "pdirty0000002", 3, "12,50"), "UNPARSABLE");
      b.add(MarketSim.PAYMENTS, with(payment, 0, "pdirty0000003", 2, "last tuesday"), "UNPARSABLE");
      b.add(MarketSim.CONTRACTS, with(contract, 0, "kdirty0000002", 5, "2026-13-45T99:00:00Z"),
          "UNPARSABLE");
      b.add(MarketSim.FEEDBACK, with(feedback, 3, "five"), "UNPARSABLE");
    }
    // Values outside their lists.
    b.add(MarketSim.CONTRACTS, with(contract, 0, "kdirty0000003", 3, "WEEKLY"), "ENUM_OUT_OF_RANGE");
    b.add(MarketSim.ACTIVITY, with(activity, 3, "PHONE_CALL"), "ENUM_OUT_OF_RANGE");
    b.add(MarketSim.ACCOUNTS, with(account, 0, "udirty0000002", 1, "AGENCY"), "ENUM_OUT_OF_RANGE");
    // Ended before started.
    b.add(MarketSim.CONTRACTS,
        with(contract, 0, "kdirty0000004", 5, "2026-05-10T09:00:00Z", 6, "2026-05-01T09:00:00Z",
            7, "CLIENT", 8, "COMPLETED"),
        "ENDED_BEFORE_STARTED");
    // Ratings and scores out of range.
    b.add(MarketSim.FEEDBACK, with(feedback, 3, "6.0"), "RATING_OUT_OF_RANGE");
    b.add(MarketSim.FEEDBACK, with(feedback, 3, "4.0", 4, "11"), "RATING_OUT_OF_RANGE");
    b.add(MarketSim.FEEDBACK, with(feedback, 3, "0.0"), "RATING_OUT_OF_RANGE");
    // Timestamps in the future.
    b.add(MarketSim.PAYMENTS, with(payment, 0, "pdirty0000004", 2, future), "FUTURE_TIMESTAMP");
    b.add(MarketSim.ACTIVITY, with(activity, 1, future), "FUTURE_TIMESTAMP");
    // The same key with different content.
    b.add(MarketSim.PAYMENTS, with(payment, 3, "999999.99"), "DUPLICATE_KEY_CONFLICT");
    b.add(MarketSim.CONTRACTS, with(contract, 4, "SALES_MARKETING".equals(contract[4])
        ? "WRITING" : "SALES_MARKETING"), "DUPLICATE_KEY_CONFLICT");
    // Identical duplicates (dropped silently by ingest).
    b.add(MarketSim.PAYMENTS, payment.clone(), "IDENTICAL_DUPLICATE");
    b.add(MarketSim.ACTIVITY, activity.clone(), "IDENTICAL_DUPLICATE");
    b.add(MarketSim.SIGNALS, signal.clone(), "IDENTICAL_DUPLICATE");
    // References to unknown contracts or accounts.
    b.add(MarketSim.PAYMENTS, with(payment, 0, "pdirty0000005", 1, "kdirty0000099"), "UNKNOWN_REFERENCE");
    b.add(MarketSim.CONTRACTS, with(contract, 0, "kdirty0000005", 2, "udirty0000099"),
        "UNKNOWN_REFERENCE");
    b.add(MarketSim.FEEDBACK, with(feedback, 0, "kdirty0000098"), "UNKNOWN_REFERENCE");
    b.add(MarketSim.SIGNALS, with(signal, 0, "udirty0000098"), "UNKNOWN_REFERENCE");
    return new Set(rows, labels);
  }

  private static final class Builder {
    final Map<Integer, List<String[]>> rows;
    final List<Label> labels;

    Builder(Map<Integer, List<String[]>> rows, List<Label> labels) {
      this.rows = rows;
      this.labels = labels;
    }

    void add(int table, String[] row, String rule) {
      rows.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
      TableSpec spec = Schemas.ALL.get(table);
      String key =
          spec.key().isEmpty()
              ? String.join("|", Arrays.stream(row).map(v -> v == null ? "" : v).toList())
              : row[spec.columnNames().indexOf(spec.key().get(0))];
      labels.add(new Label(spec.name(), key, rule));
    }
  }

  /** A copy of {@code row} with (index, value) pairs replaced. */
  private static String[] with(String[] row, Object... changes) {
    String[] copy = row.clone();
    for (int i = 0; i < changes.length; i += 2) {
      copy[(Integer) changes[i]] = (String) changes[i + 1];
    }
    return copy;
  }

  private static String[] first(List<String[]> rows, java.util.function.Predicate<String[]> p) {
    return rows.stream().filter(p).findFirst().orElseThrow();
  }
}
