/**
 * The {@code inactive} stage (SPEC section 6): inactive contracts, what closing each now would do to the
 * score (from the window sums, not a rescoring) and a fair recommended action. May use: base, config,
 * io, pipeline, facts, scoring.
 */
package org.jss.inactivity;
