/**
 * The Job Success Score (SPEC section 5): {@link org.jss.scoring.JssEngine} classifies, weighs and
 * scores in one aggregation per freelancer; the {@code jss} stage writes scores, outcomes, factors,
 * changes and the freelancer explanations. May use: base, config, io, pipeline, facts, reporting.
 */
package org.jss.scoring;
