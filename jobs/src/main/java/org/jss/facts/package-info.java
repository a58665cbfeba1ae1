/**
 * The {@code facts} stage: {@code contract_facts}, one narrow row per contract that the jss and inactive
 * stages read instead of re-aggregating payments, feedback, disputes and activity. May use: base,
 * config, io, pipeline.
 */
package org.jss.facts;
