/**
 * Fee schedules (SPEC section 8): schedules as data, the exact replay in cents, quotes, and the {@code
 * fees} stage that both {@code nightly} and {@code fees impact} run. May use: base, config, io, pipeline,
 * facts.
 */
package org.jss.fees;
