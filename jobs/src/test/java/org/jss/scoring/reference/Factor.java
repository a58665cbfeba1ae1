package org.jss.scoring.reference;

import java.util.List;

/**
 * A reason present in the chosen window and the points its contracts lose there.
 *
 * @param points sum of the losses of its contracts, as a positive number of points lost (a display
 *     shows it negated, "-33.33"); 0 for a POSITIVE or EXCLUDED reason
 * @param contractIds its contracts in the chosen window, sorted
 */
public record Factor(String reason, String klass, double points, List<String> contractIds) {
  public Factor {
    contractIds = List.copyOf(contractIds);
  }
}
