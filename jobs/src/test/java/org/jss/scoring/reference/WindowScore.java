package org.jss.scoring.reference;

import java.time.LocalDate;
import java.util.List;

/**
 * One window of one freelancer.
 *
 * @param start D minus {@code months} calendar months, clamped to the month's last day
 * @param candidateIds every candidate of the window (counted and excluded), sorted
 * @param counted number of non-excluded candidates
 * @param clients distinct clients among the counted ones
 * @param raw 100 x (P - N) / W or 100 x P / W; null when W is 0
 * @param score raw clamped to [0, 100]; null when W is 0
 * @param qualifies at least the policy's minimum counted contracts and distinct clients, and W > 0
 */
public record WindowScore(
    int months,
    LocalDate start,
    List<String> candidateIds,
    int counted,
    int clients,
    double positiveWeight,
    double neutralWeight,
    double negativeWeight,
    double totalWeight,
    Double raw,
    Double score,
    boolean qualifies) {
  public WindowScore {
    candidateIds = List.copyOf(candidateIds);
  }
}
