/**
 * The runner of a night, not its contents: the {@link org.jss.pipeline.Stage} contract and {@link
 * org.jss.pipeline.NightlyJob}, the one write path for scored tables (inputs handed to each stage as
 * declared, tables stamped and replaced per date, every stage in {@code _runs}). Which stages exist is
 * wired in cli. May use: base, config, io.
 */
package org.jss.pipeline;
