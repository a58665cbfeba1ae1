/**
 * The reference Job Success Score: SPEC section 5 in plain Java 17, with no Spark, written from the
 * SPEC text alone to be the oracle of property tests against the Spark implementation.
 *
 * <p>Use: build a {@link org.jss.scoring.reference.Marketplace} (by hand with {@link
 * org.jss.scoring.reference.MarketplaceBuilder}, or seeded with {@link
 * org.jss.scoring.reference.RandomMarketplaces#generate(long)}), call {@link
 * org.jss.scoring.reference.ReferenceJss#score} and compare every {@link
 * org.jss.scoring.reference.FreelancerJss} and {@link org.jss.scoring.reference.ContractOutcome} with
 * the Spark output row by row. {@link org.jss.scoring.reference.ReferenceJss} documents every point the
 * SPEC leaves open and how it is decided here.
 */
package org.jss.scoring.reference;
