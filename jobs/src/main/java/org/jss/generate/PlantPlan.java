package org.jss.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which freelancers carry a planted anomaly. Freelancer indices are grouped in blocks of {@link #BLOCK};
 * a group anomaly (ring, multi-account) takes the first members of one block, a single-account anomaly
 * takes one freelancer outside those blocks. Decided once on the driver from the seed (small: about 1.5%
 * of freelancers) and shipped to the workers with the generating function.
 *
 * @param singles planted kind by freelancer index
 * @param groups planted group by block index
 */
record PlantPlan(Map<Long, Planted> singles, Map<Long, Group> groups) implements Serializable {
  static final int BLOCK = 8;

  /** A group of freelancers in one block: its kind, its size, and for MULTI_ACCOUNT what they share. */
  record Group(Planted kind, int size, boolean shareDevice) implements Serializable {}

  /** A planted freelancer, as written to labels.csv. */
  record Label(long freelancer, Planted kind) {}

  static PlantPlan of(long seed, long freelancers) {
    SplittableRandom r = Ids.rng(seed, 0, 77);
    long fullBlocks = freelancers / BLOCK;
    Map<Long, Group> groups = new HashMap<>();
    long rings = Math.max(1, Math.round(freelancers * 0.0004));
    long multis = Math.max(1, Math.round(freelancers * 0.0007));
    for (int g = 0; g < rings + multis; g++) {
      long b;
      do {
        b = r.nextLong(fullBlocks);
      } while (groups.containsKey(b));
      groups.put(
          b,
          g < rings
              ? new Group(Planted.FEEDBACK_RING, 4 + r.nextInt(5), false)
              : new Group(Planted.MULTI_ACCOUNT, 2 + r.nextInt(3), r.nextBoolean()));
    }
    Map<Long, Planted> singles = new HashMap<>();
    long perKind = Math.max(2, Math.round(freelancers * 0.0022));
    Set<Long> taken = new HashSet<>();
    for (Planted kind : Planted.values()) {
      if (kind == Planted.FEEDBACK_RING || kind == Planted.MULTI_ACCOUNT) {
        continue;
      }
      for (int k = 0; k < perKind; k++) {
        long i;
        do {
          i = r.nextLong(freelancers);
        } while (taken.contains(i) || groups.containsKey(i / BLOCK));
        taken.add(i);
        singles.put(i, kind);
      }
    }
    return new PlantPlan(singles, groups);
  }

  /**
   * UNUSUAL_PROFILE's variant families: which of its features a planted account raises (at least three
   * each): many devices, payout fingerprints and sign-in countries ({@code identity}), most work from
   * brand-new client accounts, short and well paid ({@code new_clients}), or both.
   */
  static final List<String> UNUSUAL_FAMILIES =
      List.of("identity", "identity_new_clients", "countries_new_clients", "all");

  /** The family of an UNUSUAL_PROFILE freelancer: a pure function of the seed, for the sim and labels. */
  static String unusualFamily(long seed, long freelancer) {
    return UNUSUAL_FAMILIES.get(Ids.rng(seed, freelancer, 91).nextInt(UNUSUAL_FAMILIES.size()));
  }

  /**
   * The variant family written to labels.csv: UNUSUAL_PROFILE's family, what a MULTI_ACCOUNT group
   * shares, and {@code one_form} for the kinds this generator plants one way (bench/worlds/world.py
   * plants every kind in several families).
   */
  String family(long seed, Label l) {
    if (l.kind() == Planted.UNUSUAL_PROFILE) {
      return unusualFamily(seed, l.freelancer());
    }
    Group g = groupOf(l.freelancer());
    if (l.kind() == Planted.MULTI_ACCOUNT && g != null) {
      return g.shareDevice() ? "device" : "payout_fingerprint";
    }
    return "one_form";
  }

  /** The group this freelancer belongs to, or null. */
  Group groupOf(long freelancer) {
    Group g = groups.get(freelancer / BLOCK);
    return g != null && freelancer % BLOCK < g.size() ? g : null;
  }

  boolean isPlanted(long freelancer) {
    return singles.containsKey(freelancer) || groupOf(freelancer) != null;
  }

  List<Label> labels() {
    List<Label> out = new ArrayList<>();
    singles.forEach((i, k) -> out.add(new Label(i, k)));
    groups.forEach(
        (b, g) -> {
          for (int m = 0; m < g.size(); m++) {
            out.add(new Label(b * BLOCK + m, g.kind()));
          }
        });
    return out;
  }
}
