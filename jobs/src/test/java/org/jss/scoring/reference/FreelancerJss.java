package org.jss.scoring.reference;

import java.util.List;

/**
 * The reference JSS of one freelancer as of D.
 *
 * @param jss exact score of the chosen window; null when no window qualifies
 * @param jssDisplay {@code jss} rounded half up (a value within 1e-9 below .5 rounds up); null with jss
 * @param windowMonths the chosen window (best qualifying score, ties to the longest); null if none
 * @param ineligibleReason null when eligible, else {@link ReferenceJss#NOT_ENOUGH_CONTRACTS} or {@link
 *     ReferenceJss#NOT_ENOUGH_CLIENTS}
 * @param counted counted contracts of the chosen window; when there is none, of the longest window
 * @param positiveWeight P of the chosen window (of the longest window when there is none)
 * @param negativeWeight N, likewise
 * @param totalWeight W, likewise
 * @param contracts every candidate contract (of any window), sorted by contract id
 * @param factors every reason present in the chosen window (counted or excluded), most points lost
 *     first, then by reason; empty when there is no chosen window
 * @param whatIfToNinety smallest number k of further POSITIVE contracts of weight 1.0 lifting the chosen
 *     window's score to {@code policy.topRatedJss()} (90) or more; 0 when already there; null when there
 *     is no chosen window or no k can reach it
 * @param windows every policy window, shortest first
 */
public record FreelancerJss(
    String freelancerId,
    Double jss,
    Long jssDisplay,
    Integer windowMonths,
    boolean eligible,
    String ineligibleReason,
    int counted,
    double positiveWeight,
    double negativeWeight,
    double totalWeight,
    List<ContractOutcome> contracts,
    List<Factor> factors,
    Integer whatIfToNinety,
    List<WindowScore> windows) {

  public FreelancerJss {
    contracts = List.copyOf(contracts);
    factors = List.copyOf(factors);
    windows = List.copyOf(windows);
  }

  /** The candidate contract {@code id}, or null. */
  public ContractOutcome contract(String id) {
    return contracts.stream().filter(c -> c.contractId().equals(id)).findFirst().orElse(null);
  }

  /** The factor {@code reason}, or null. */
  public Factor factor(String reason) {
    return factors.stream().filter(f -> f.reason().equals(reason)).findFirst().orElse(null);
  }

  /** The window of {@code months}, or null. */
  public WindowScore window(int months) {
    return windows.stream().filter(w -> w.months() == months).findFirst().orElse(null);
  }
}
